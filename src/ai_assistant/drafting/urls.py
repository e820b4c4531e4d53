"""Pages for AI drafts: ask for one from a record, review it, accept it (or its items one by one)."""

from django.urls import path

from . import views

app_name = "ai-drafts"
urlpatterns = [
    path("", views.draft_list, name="draft-list"),
    path("new/<str:kind>/<int:object_id>/", views.draft_add, name="draft-add"),
    path("<int:pk>/", views.draft_detail, name="draft-detail"),
    path("<int:pk>/progress/", views.draft_progress, name="draft-progress"),
    path("<int:pk>/accept/", views.draft_accept, name="draft-accept"),
    path("<int:pk>/reject/", views.draft_reject, name="draft-reject"),
    path("<int:pk>/items/<int:index>/accept/", views.item_accept, name="draft-item-accept"),
    path("<int:pk>/items/<int:index>/reject/", views.item_reject, name="draft-item-reject"),
]
