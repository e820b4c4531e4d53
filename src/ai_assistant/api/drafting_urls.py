"""/api/v1/ai/drafts/: drafts awaiting review."""

from rest_framework.routers import SimpleRouter

from .drafting_views import DraftViewSet

app_name = "ai-drafts-api"

router = SimpleRouter()
router.register("", DraftViewSet, basename="draft")

urlpatterns = router.urls
