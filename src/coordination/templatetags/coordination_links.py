"""Links from other apps' pages to coordination records, each read through ``for_user``.

``{% community_coordination community %}`` on a barangay OBC page: its engagements, partners and
open action items. ``{% assessment_engagements assessment %}`` on a MANA assessment page.
"""

from __future__ import annotations

from django import template

from common.access import permission_allows
from coordination.models import ActionItem, Engagement, Organization, Partnership

register = template.Library()


@register.inclusion_tag("coordination/_community_links.html", takes_context=True)
def community_coordination(context, community):
    user = context["request"].user
    out = {"community": community, "shown": False}
    if permission_allows(user, Engagement, "view"):
        engagements = Engagement.objects.for_user(user).filter(communities=community).order_by("-starts_at")
        out["engagements"] = list(engagements[:10])
        out["actions"] = list(
            ActionItem.objects.for_user(user).open().filter(engagement__in=engagements.values("pk"))
            .select_related("owner").order_by("due_date")[:10]
        )  # fmt: skip
        out["shown"] = True
    if permission_allows(user, Organization, "view"):
        partner_ids = Engagement.organizations.through.objects.filter(
            engagement__in=Engagement.objects.for_counts(user).filter(communities=community).values("pk")
        ).values("organization_id")
        partners = Organization.objects.for_user(user).filter(pk__in=partner_ids)
        if permission_allows(user, Partnership, "view"):
            covered = Partnership.objects.for_user(user).filter(communities=community)
            out["partnerships"] = list(covered.order_by("title")[:10])
            partners = partners | Organization.objects.for_user(user).filter(
                partnership_roles__partnership__in=covered.values("pk")
            )
        out["partners"] = list(partners.distinct().order_by("name")[:20])
        out["shown"] = True
    return out


@register.inclusion_tag("coordination/_assessment_links.html", takes_context=True)
def assessment_engagements(context, assessment):
    user = context["request"].user
    if not permission_allows(user, Engagement, "view"):
        return {"shown": False}
    engagements = Engagement.objects.for_user(user).filter(assessment=assessment).order_by("-starts_at")[:20]
    return {
        "shown": True, "engagements": engagements, "assessment": assessment,
        "can_add": permission_allows(user, Engagement, "add"),
    }  # fmt: skip
