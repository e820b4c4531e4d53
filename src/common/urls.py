from django.urls import include, path

from common import views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("jobs/", include("common.urls_jobs")),
    path("imports/", include("common.imports.urls")),
]
