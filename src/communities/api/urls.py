from rest_framework.routers import SimpleRouter

from . import views

app_name = "communities-api"

router = SimpleRouter()
router.register("municipal-coverage", views.MunicipalCoverageViewSet, basename="municipal-coverage")
router.register("provincial-coverage", views.ProvincialCoverageViewSet, basename="provincial-coverage")
router.register("leaders", views.CommunityLeaderViewSet, basename="leader")
router.register("", views.BarangayOBCViewSet, basename="community")

urlpatterns = router.urls
