"""Coordination pages under /coordination/ (URL names: ``<thing>-list``, ``<thing>-detail``,
``<thing>-add``, ``<thing>-edit``, like the communities app)."""

from django.urls import path

from coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.overview, name="index"),
    path("alerts/<int:pk>/dismiss/", views.alert_dismiss, name="alert-dismiss"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/add/", views.organization_create, name="organization-add"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("organizations/<int:pk>/delete/", views.organization_delete, name="organization-delete"),
    path("organizations/deleted/", views.deleted_list, {"kind": "organization"}, name="organization-deleted"),
    path(
        "organizations/<int:pk>/restore/", views.record_restore, {"kind": "organization"}, name="organization-restore"
    ),
    path("organizations/<int:pk>/contacts/add/", views.contact_create, name="contact-add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact-delete"),
    path("engagements/", views.EngagementListView.as_view(), name="engagement-list"),
    path("engagements/add/", views.engagement_create, name="engagement-add"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", views.engagement_edit, name="engagement-edit"),
    path("engagements/<int:pk>/delete/", views.record_delete, {"kind": "engagement"}, name="engagement-delete"),
    path("engagements/deleted/", views.deleted_list, {"kind": "engagement"}, name="engagement-deleted"),
    path("engagements/<int:pk>/restore/", views.record_restore, {"kind": "engagement"}, name="engagement-restore"),
    path("engagements/<int:pk>/status/", views.engagement_transition, name="engagement-transition"),
    path("engagements/<int:pk>/feedback/add/", views.feedback_create, name="feedback-add"),
    path("feedback/<int:pk>/edit/", views.feedback_edit, name="feedback-edit"),
    path("engagements/<int:pk>/commitments/add/", views.commitment_create, name="commitment-add"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("engagements/<int:pk>/actions/add/", views.engagement_action_create, name="engagement-action-add"),
    path("engagements/<int:pk>/engagement.ics", views.engagement_ics, name="engagement-ics"),
    path("actions/", views.ActionItemListView.as_view(), name="action-list"),
    path("actions/mine/", views.MyActionItemListView.as_view(), name="my-actions"),
    path("actions/add/", views.action_create, name="action-add"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/status/", views.action_transition, name="action-transition"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("partnerships/add/", views.partnership_create, name="partnership-add"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership-detail"),
    path("partnerships/<int:pk>/edit/", views.partnership_edit, name="partnership-edit"),
    path("partnerships/<int:pk>/delete/", views.record_delete, {"kind": "partnership"}, name="partnership-delete"),
    path("partnerships/deleted/", views.deleted_list, {"kind": "partnership"}, name="partnership-deleted"),
    path("partnerships/<int:pk>/restore/", views.record_restore, {"kind": "partnership"}, name="partnership-restore"),
    path("partnerships/<int:pk>/status/", views.partnership_transition, name="partnership-transition"),
    path("partnerships/<int:pk>/renew/", views.partnership_renew, name="partnership-renew"),
    path("partnerships/<int:pk>/signatories/add/", views.signatory_create, name="signatory-add"),
    path("signatories/<int:pk>/edit/", views.signatory_edit, name="signatory-edit"),
    path("partnerships/<int:pk>/milestones/add/", views.milestone_create, name="milestone-add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/status/", views.milestone_transition, name="milestone-transition"),
    path("partnerships/<int:pk>/documents/add/", views.document_upload, name="document-add"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("who-does-what-where/", views.matrix_page, name="matrix"),
    path("who-does-what-where/export/", views.matrix_export, name="matrix-export"),
    path("export/<slug:kind>/", views.export_list, name="export"),
]
