"""/api/v1/ai/drafts/: drafts awaiting review."""

urlpatterns = []
