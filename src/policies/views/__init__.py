from .evidence import evidence_add, evidence_download, evidence_remove
from .exports import export_recommendations
from .gaps import notifications, notifications_read, unanswered_needs
from .recommendations import (
    RecommendationListView,
    recommendation_create,
    recommendation_delete,
    recommendation_detail,
    recommendation_edit,
    recommendation_revise,
    recommendation_transition,
)

__all__ = [
    "RecommendationListView",
    "evidence_add",
    "evidence_download",
    "evidence_remove",
    "export_recommendations",
    "notifications",
    "notifications_read",
    "recommendation_create",
    "recommendation_delete",
    "recommendation_detail",
    "recommendation_edit",
    "recommendation_revise",
    "recommendation_transition",
    "unanswered_needs",
]
