from rest_framework.routers import SimpleRouter

from . import views

app_name = "policies-api"

router = SimpleRouter()
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns = router.urls
