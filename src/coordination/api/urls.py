from rest_framework.routers import SimpleRouter

from . import children, views

app_name = "coordination-api"

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("engagements", views.EngagementViewSet, basename="engagement")
router.register("action-items", views.ActionItemViewSet, basename="action-item")
router.register("contacts", children.ContactViewSet, basename="contact")
router.register("milestones", children.MilestoneViewSet, basename="milestone")
router.register("documents", children.DocumentViewSet, basename="document")
router.register("signatories", children.SignatoryViewSet, basename="signatory")
router.register("feedback", children.FeedbackViewSet, basename="feedback")
router.register("commitments", children.CommitmentViewSet, basename="commitment")

urlpatterns = router.urls
