from django.urls import include, path

from common import views

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", include("common.urls_jobs")),
    path("imports/", include("common.imports.urls")),
]
