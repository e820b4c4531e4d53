"""Project template filters: ``{% load obcms %}``."""

from django import template

from common.formatting import display_date, display_datetime

register = template.Library()


@register.filter
def ph_date(value, arg: str = ""):
    """``{{ d|ph_date }}`` → "2 Dec 2026"; ``{{ dt|ph_date:"time" }}`` → "2 Dec 2026, 14:05"."""
    return display_datetime(value) if arg == "time" else display_date(value)
