from .evidence import evidence_add, evidence_download, evidence_remove
from .exports import export_briefs, export_recommendations
from .gaps import dashboard, notifications, notifications_read, unanswered_needs
from .implementation import (
    implementation_document_add,
    implementation_document_download,
    indicator_add,
    indicator_measure,
    milestone_add,
    milestone_edit,
    plan_edit,
    progress_add,
)
from .recommendations import (
    RecommendationListView,
    recommendation_brief,
    recommendation_create,
    recommendation_delete,
    recommendation_detail,
    recommendation_edit,
    recommendation_revise,
    recommendation_transition,
)

__all__ = [
    "RecommendationListView",
    "dashboard",
    "evidence_add",
    "evidence_download",
    "evidence_remove",
    "export_briefs",
    "export_recommendations",
    "implementation_document_add",
    "implementation_document_download",
    "indicator_add",
    "indicator_measure",
    "milestone_add",
    "milestone_edit",
    "notifications",
    "notifications_read",
    "plan_edit",
    "progress_add",
    "recommendation_brief",
    "recommendation_create",
    "recommendation_delete",
    "recommendation_detail",
    "recommendation_edit",
    "recommendation_revise",
    "recommendation_transition",
    "unanswered_needs",
]
