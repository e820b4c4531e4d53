"""``{% community_mana community %}``: the MANA section of a community profile page, so the
communities app shows MANA history without its views knowing MANA's models."""

from django import template

from common.access import permission_allows
from mana.community_selectors import community_mana
from mana.models import Assessment, Need

register = template.Library()


@register.inclusion_tag("mana/_community_mana.html", takes_context=True)
def community_mana_section(context, profile):
    user = context["request"].user
    shown = permission_allows(user, Assessment, "view") or permission_allows(user, Need, "view")
    data = community_mana(user, profile) if shown else {}
    return {"shown": shown, "profile": profile, **data}
