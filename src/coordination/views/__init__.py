from .action_items import (
    ActionItemListView,
    MyActionItemListView,
    action_create,
    action_detail,
    action_edit,
    action_transition,
)
from .calendar import calendar_events, calendar_feed, calendar_page, calendar_token_regenerate
from .engagements import (
    EngagementListView,
    commitment_create,
    engagement_action_create,
    engagement_create,
    engagement_detail,
    engagement_edit,
    engagement_ics,
    engagement_transition,
    feedback_create,
)
from .exports import export_list
from .matrix import matrix_export, matrix_page
from .organizations import (
    OrganizationListView,
    contact_create,
    contact_delete,
    contact_edit,
    organization_create,
    organization_delete,
    organization_detail,
    organization_edit,
)
from .overview import alert_dismiss, overview
from .partnerships import (
    PartnershipListView,
    document_download,
    document_upload,
    milestone_create,
    milestone_edit,
    milestone_transition,
    partnership_create,
    partnership_detail,
    partnership_edit,
    partnership_renew,
    partnership_transition,
    signatory_create,
)

__all__ = [
    "ActionItemListView", "EngagementListView", "MyActionItemListView", "OrganizationListView",
    "PartnershipListView", "action_create", "action_detail", "action_edit", "action_transition", "alert_dismiss",
    "calendar_events", "calendar_feed", "calendar_page", "calendar_token_regenerate", "commitment_create",
    "contact_create", "contact_delete", "contact_edit", "document_download", "document_upload",
    "engagement_action_create", "engagement_create", "engagement_detail", "engagement_edit", "engagement_ics",
    "engagement_transition", "export_list", "feedback_create", "matrix_export", "matrix_page", "milestone_create",
    "milestone_edit", "milestone_transition", "organization_create", "organization_delete", "organization_detail",
    "organization_edit",
    "overview", "partnership_create", "partnership_detail", "partnership_edit", "partnership_renew",
    "partnership_transition", "signatory_create",
]  # fmt: skip
