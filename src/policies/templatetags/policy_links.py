"""Links from other apps' pages to recommendations, each read through ``for_user``.

``{% need_recommendations need %}`` on a MANA need page; ``{% community_recommendations community %}``
on a barangay OBC page.
"""

from __future__ import annotations

from django import template

from common.access import permission_allows
from policies import selectors
from policies.models import Recommendation

register = template.Library()


@register.inclusion_tag("policies/_need_links.html", takes_context=True)
def need_recommendations(context, need):
    user = context["request"].user
    if not permission_allows(user, Recommendation, "view"):
        return {"shown": False}
    return {
        "shown": True, "need": need, "recommendations": list(selectors.answering(user, need)[:20]),
        "can_add": permission_allows(user, Recommendation, "add"),
    }  # fmt: skip


@register.inclusion_tag("policies/_community_links.html", takes_context=True)
def community_recommendations(context, community):
    user = context["request"].user
    if not permission_allows(user, Recommendation, "view"):
        return {"shown": False}
    return {"shown": True, "recommendations": list(selectors.targeting(user, community)[:20])}
