"""Turn a profile into labelled, human-readable sections for the detail page."""

from __future__ import annotations

import datetime

from django.contrib.humanize.templatetags.humanize import intcomma

from common.formatting import display_date
from communities.forms import SECTIONS
from communities.models import BarangayOBC, ChoiceListField
from communities.models.fields import labels_for


def _display(community: BarangayOBC, name: str):
    field = BarangayOBC._meta.get_field(name)
    value = getattr(community, name)
    if isinstance(field, ChoiceListField):
        return ", ".join(labels_for(field.choices_enum, value))
    if value is None or value == "":
        return ""
    if field.choices:
        return getattr(community, f"get_{name}_display")()
    if isinstance(value, datetime.date):
        return display_date(value)
    if isinstance(value, int) and name != "year_settled":
        return intcomma(value)
    return value


def profile_sections(community: BarangayOBC) -> list[dict]:
    sections = []
    for slug, title, names in SECTIONS:
        rows = []
        for name in names:
            field = BarangayOBC._meta.get_field(name)
            rows.append(
                {
                    "name": name,
                    "label": str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:],
                    "value": _display(community, name),
                }
            )
        sections.append({"slug": slug, "title": title, "rows": rows})
    return sections
