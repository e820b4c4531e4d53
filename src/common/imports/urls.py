from django.urls import path

from common.imports import views

app_name = "imports"

urlpatterns = [
    path("upload/<int:pk>/", views.import_preview, name="preview"),
    path("upload/<int:pk>/commit/", views.import_commit, name="commit"),
    path("<str:kind>/", views.import_start, name="start"),
    path("<str:kind>/template.xlsx", views.import_template, name="template"),
]
