from django.urls import path

from communities import views

app_name = "communities"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("map-points/", views.map_points, name="map-points"),
    path("barangays/", views.BarangayOBCListView.as_view(), name="barangay-list"),
    path("barangays/add/", views.barangay_create, name="barangay-add"),
    path("barangays/choices/", views.barangay_choices, name="barangay-choices"),
    path("barangays/deleted/", views.DeletedBarangayOBCListView.as_view(), name="barangay-deleted"),
    path("barangays/<int:pk>/", views.barangay_detail, name="barangay-detail"),
    path("barangays/<int:pk>/edit/", views.barangay_edit, name="barangay-edit"),
    path("barangays/<int:pk>/delete/", views.barangay_delete, name="barangay-delete"),
    path("barangays/<int:pk>/restore/", views.barangay_restore, name="barangay-restore"),
    path("barangays/<int:pk>/leaders/add/", views.leader_create, name="leader-add"),
    path("leaders/<int:pk>/edit/", views.leader_edit, name="leader-edit"),
    path("leaders/<int:pk>/delete/", views.leader_delete, name="leader-delete"),
    path("municipal/", views.MunicipalCoverageListView.as_view(), name="municipal-list"),
    path("municipal/<int:pk>/", views.coverage_detail, {"kind": "municipal"}, name="municipal-detail"),
    path("municipal/<int:pk>/edit/", views.coverage_edit, {"kind": "municipal"}, name="municipal-edit"),
    path("provincial/", views.ProvincialCoverageListView.as_view(), name="provincial-list"),
    path("provincial/<int:pk>/", views.coverage_detail, {"kind": "provincial"}, name="provincial-detail"),
    path("provincial/<int:pk>/edit/", views.coverage_edit, {"kind": "provincial"}, name="provincial-edit"),
]
