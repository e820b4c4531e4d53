"""Reads of the policies app that are more than a ``for_user`` queryset: the evidence chain in both
directions and the unanswered-needs gap list."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from mana.models import Need
from policies.models import DEAD_STATUSES, Evidence, Recommendation

#: MANA needs still waiting for an answer.
OPEN_NEED_STATUSES = (
    Need.Status.IDENTIFIED, Need.Status.VALIDATED, Need.Status.PRIORITISED, Need.Status.FORWARDED,
)  # fmt: skip


def answering(user, need):
    """The recommendations (visible to ``user``) that cite this need as evidence."""
    return (
        Recommendation.objects.for_user(user)
        .filter(Exists(Evidence.objects.filter(recommendation=OuterRef("pk"), need=need)))
        .order_by("-created_at")
    )


def targeting(user, community):
    """The recommendations (visible to ``user``) that target this community or cite its profile."""
    cited = Evidence.objects.filter(recommendation=OuterRef("pk"), community=community)
    return (
        Recommendation.objects.for_user(user)
        .filter(Exists(cited) | Exists(Recommendation.communities.through.objects.filter(
            recommendation_id=OuterRef("pk"), barangayobc_id=community.pk)))
        .order_by("-created_at")
    )  # fmt: skip


def unanswered_needs(user):
    """Open MANA needs (visible to ``user``) that no live recommendation answers: the gap list.

    A recommendation answers a need while it cites it and is not rejected, withdrawn or expired (a
    draft counts: someone is working on it). The check looks at every recommendation, not only the
    ones the user may open, so a need answered by a national team is not shown as a gap.
    """
    answered = Evidence.objects.filter(need=OuterRef("pk"), recommendation__deleted_at__isnull=True).exclude(
        recommendation__status__in=DEAD_STATUSES
    )
    return (
        Need.objects.for_user(user)
        .filter(deleted_at__isnull=True, status__in=OPEN_NEED_STATUSES)
        .exclude(Exists(answered))
        .select_related("region", "province", "assessment")
        .order_by("-priority_score", "-vote_count", "pk")
    )


def change_history(obj, limit: int = 30):
    """The audit log of one record, newest first."""
    ct = ContentType.objects.get_for_model(type(obj))
    return LogEntry.objects.filter(content_type=ct, object_pk=str(obj.pk)).select_related("actor")[:limit]
