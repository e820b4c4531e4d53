"""/api/v1/ai/: conversations and messages."""

urlpatterns = []
