"""/api/v1/ai/: conversations and messages."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "ai-api"

router = SimpleRouter()
router.register("conversations", views.ConversationViewSet, basename="conversation")

urlpatterns = router.urls
