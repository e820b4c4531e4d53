from rest_framework.routers import DefaultRouter

from mana.api import views

app_name = "mana-api"

router = DefaultRouter()
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("instruments", views.InstrumentViewSet, basename="instrument")
router.register("responses", views.ResponseViewSet, basename="response")
router.register("needs", views.NeedViewSet, basename="need")

urlpatterns = router.urls
