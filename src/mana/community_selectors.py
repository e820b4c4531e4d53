"""MANA as seen from a community profile, and who voted on a need. Every read goes through
``for_user``; names of voters reach only roles with personal-data access."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from common.access import can_view_personal_data
from mana.models import Assessment, Need, NeedVote, Participant


def _rank_in_assessment():
    """1 + the needs of the same assessment ranked above (score, then votes, then age) — the rank
    the MANA report and the board use, computed per row in the database."""
    ahead = (
        Need.objects.filter(assessment=OuterRef("assessment"), deleted_at__isnull=True)
        .filter(
            Q(priority_score__gt=OuterRef("priority_score"))
            | Q(priority_score=OuterRef("priority_score"), vote_count__gt=OuterRef("vote_count"))
            | Q(priority_score=OuterRef("priority_score"), vote_count=OuterRef("vote_count"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("assessment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead[:1]), 0) + 1


def _votes_from(profile):
    votes = (
        NeedVote.objects.filter(need=OuterRef("pk"), participant__community_profile=profile)
        .order_by()
        .values("need")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(votes[:1]), 0)


def community_mana(user, profile) -> dict:
    """Assessments that covered the profile, its needs (rank in their assessment, status, votes in
    all and from the community's participants) and how many of its participants voted."""
    assessments = (
        Assessment.objects.for_user(user, "view")
        .alive()
        .filter(community_profiles=profile)
        .select_related("region", "province", "municipality")
        .order_by("-start_date", "-pk")
    )
    needs = (
        Need.objects.for_user(user, "view")
        .alive()
        .filter(affected_profiles=profile)
        .select_related("assessment")
        .annotate(rank=_rank_in_assessment(), community_votes=_votes_from(profile))
        .order_by("-priority_score", "-vote_count", "pk")
    )
    voters = (
        Participant.objects.for_user(user, "view")
        .alive()
        .filter(community_profile=profile)
        .aggregate(
            participants=Count("pk", distinct=True),
            voters=Count("pk", filter=Q(votes__isnull=False), distinct=True),
        )
    )
    return {"assessments": list(assessments), "needs": list(needs), "voters": voters}


def need_voters(user, need) -> list[dict]:
    """Who voted on ``need`` (already scoped by the caller): officers and participants, with names
    only for roles with personal-data access (others see "Officer" and the participant's code)."""
    show_names = can_view_personal_data(user)
    visible = set(Participant.objects.for_user(user, "view").filter(votes__need=need).values_list("pk", flat=True))
    rows = []
    for vote in need.votes.select_related("voter", "participant", "recorded_by").order_by("at", "pk"):
        if vote.participant_id:
            named = show_names and vote.participant_id in visible
            label = vote.participant.name if named else vote.participant.code
            kind = "Participant"
        else:
            label = (vote.voter.get_full_name() or vote.voter.username) if show_names else "Officer"
            kind = "Officer"
        rows.append({"kind": kind, "label": label, "at": vote.at})
    return rows
