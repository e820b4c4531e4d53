"""Project template filters: ``{% load obcms %}``."""

from django import template

from common.form_rendering import render_field
from common.formatting import display_date, display_datetime

register = template.Library()


@register.filter
def ph_date(value, arg: str = ""):
    """``{{ d|ph_date }}`` → "2 Dec 2026"; ``{{ dt|ph_date:"time" }}`` → "2 Dec 2026, 14:05"."""
    return display_datetime(value) if arg == "time" else display_date(value)


@register.simple_tag
def bs_field(bound_field):
    """``{% bs_field form.name %}``: the field's Bootstrap 5 block, rendered fast (common/form_rendering.py)."""
    return render_field(bound_field)
