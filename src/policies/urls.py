"""Policies pages under /policies/ (URL names: ``<thing>-list``, ``<thing>-detail``, ``<thing>-add``,
``<thing>-edit``, like the coordination and communities apps)."""

from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="index"),
    path("recommendations/add/", views.recommendation_create, name="recommendation-add"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:pk>/revise/", views.recommendation_revise, name="recommendation-revise"),
    path("recommendations/<int:pk>/status/", views.recommendation_transition, name="recommendation-transition"),
    path("recommendations/<int:pk>/brief.pdf", views.recommendation_brief, name="recommendation-brief"),
    path("recommendations/<int:pk>/delete/", views.recommendation_delete, name="recommendation-delete"),
    path("recommendations/<int:pk>/evidence/add/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence-remove"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("recommendations/<int:pk>/schedule/", views.plan_edit, name="plan-edit"),
    path("recommendations/<int:pk>/milestones/add/", views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("recommendations/<int:pk>/indicators/add/", views.indicator_add, name="indicator-add"),
    path("indicators/<int:pk>/measure/", views.indicator_measure, name="indicator-measure"),
    path("recommendations/<int:pk>/progress/add/", views.progress_add, name="progress-add"),
    path(
        "recommendations/<int:pk>/implementation-documents/add/",
        views.implementation_document_add,
        name="implementation-document-add",
    ),
    path(
        "implementation-documents/<int:pk>/download/",
        views.implementation_document_download,
        name="implementation-document-download",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("unanswered-needs/", views.unanswered_needs, name="unanswered-needs"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("export/", views.export_recommendations, name="export"),
    path("export/history/", views.export_recommendations, {"what": "history"}, name="export-history"),
    path("export/briefs/", views.export_briefs, name="export-briefs"),
    path("export/portfolio/", views.export_recommendations, {"what": "portfolio"}, name="export-portfolio"),
]
