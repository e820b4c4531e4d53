from rest_framework.routers import SimpleRouter

from . import views

app_name = "policies-api"

router = SimpleRouter()
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("evidence", views.EvidenceViewSet, basename="evidence")

urlpatterns = router.urls
