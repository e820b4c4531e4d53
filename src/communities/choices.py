"""Barangay OBCs as choices of the remote select (``common/remote_select.py``) in other apps' forms:
one label with the place's parents (names repeat across provinces) and the scoped queryset both the
form field and the search endpoint read."""

from __future__ import annotations

from communities.models import BarangayOBC


def communities_for(user):
    """The OBCs ``user`` may choose, with what their labels read."""
    return BarangayOBC.objects.for_user(user).select_related("barangay__municipality__province")


def community_label(obc: BarangayOBC) -> str:
    """e.g. "OBC-IX-ZDN-0001 · Purok 3, Sta. Cruz, Dapitan City, Zamboanga del Norte"."""
    if not obc.barangay_id:
        return str(obc)
    municipality = obc.barangay.municipality
    parents = [municipality.label]
    if municipality.province_id:
        parents.append(municipality.province.label)
    return f"{obc}, {', '.join(parents)}"


def use_community_picker(field, user) -> None:
    """The form field offers ``communities_for(user)`` through the remote select, labelled by ``community_label``."""
    from django.urls import reverse_lazy

    from common.remote_select import use_remote_select

    use_remote_select(field, communities_for(user), reverse_lazy("communities:barangay-choices"))
    field.label_from_instance = community_label
