"""URLs of the communities exports and reports (mounted under /communities/ next to the app's pages)."""

from django.urls import path

from communities import views_io

app_name = "communities-io"

urlpatterns = [
    path("export/", views_io.export_list, name="export"),
    path("municipal/export/", views_io.export_coverage, {"kind": "municipal"}, name="municipal-export"),
    path("provincial/export/", views_io.export_coverage, {"kind": "provincial"}, name="provincial-export"),
    path("<int:pk>/profile.pdf", views_io.profile_pdf, name="profile-pdf"),
    path("reports/area/", views_io.area_report, name="area-report"),
]
