from rest_framework.routers import SimpleRouter

from . import views

app_name = "coordination-api"

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("engagements", views.EngagementViewSet, basename="engagement")
router.register("action-items", views.ActionItemViewSet, basename="action-item")

urlpatterns = router.urls
