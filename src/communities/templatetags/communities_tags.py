from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles_url() -> str:
    """The tile server of the maps (empty: markers only, as offline)."""
    return settings.MAP_TILES_URL
