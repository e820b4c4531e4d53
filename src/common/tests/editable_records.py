"""Every editable record of every app, for the shared "no lost updates" tests.

A new editable model (a ``VersionedModel`` subclass) adds an ``EditableCase`` here;
``test_every_versioned_model_has_a_case`` fails until it does.

A case knows how to make a record (``make(user)``), how the *other* officer changes one field
through the service (``other_edit(record, user)`` → (field, stored value)), and how *this* officer
edits another field through the page form (``page_url``, ``page_data``) and the API (``api_url``,
``api_data``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from common.tests import personas


@dataclass
class EditableCase:
    name: str
    make: Callable  # (user) -> record
    other_edit: Callable  # (record, user) -> (field name, stored value)
    page_url: Callable | None  # (record) -> edit form URL
    page_data: Callable | None  # (record) -> dict posted by this officer (without "version")
    api_url: Callable | None  # (record) -> detail URL
    api_data: dict | None  # PATCH body of this officer
    typed: str  # a value this officer typed, that the re-rendered form must still show


# --- communities --------------------------------------------------------------------------------


def _community(user):
    from communities.tests.factories import make_community

    return make_community(personas.ALIGUAY, purok_sitio="Purok Lambuyan", estimated_obc_population=320)


def _community_other_edit(record, user):
    from communities import services

    services.update_community(user=user, community=record, expected_version=record.version, households=77)
    return "households", 77


def _community_form(record):
    return {
        "barangay": record.barangay.code,
        "purok_sitio": record.purok_sitio,
        "estimated_obc_population": "320",
        "households": str(record.households or ""),
        "primary_ethnolinguistic_group": record.primary_ethnolinguistic_group,
        "primary_livelihood": record.primary_livelihood,
        "governance_notes": "Typed by the first officer",
    }


def _leader(user):
    from communities.models import CommunityLeader

    community = _community(user)
    return CommunityLeader.objects.create(community=community, name="Hadji Ali Sahibul", role="traditional")


def _leader_other_edit(record, user):
    from communities import services

    services.update_leader(user=user, leader=record, expected_version=record.version, phone="0917 000 1111")
    return "phone", "0917 000 1111"


def _leader_form(record):
    return {"name": record.name, "role": record.role, "notes": "Typed by the first officer"}


def _coverage(kind):
    def make(user):
        from communities.models import MunicipalCoverage, ProvincialCoverage

        _community(user)
        return (MunicipalCoverage if kind == "municipal" else ProvincialCoverage).objects.get()

    return make


def _coverage_other_edit(kind):
    def edit(record, user):
        from communities import services

        service = services.update_municipal_coverage if kind == "municipal" else services.update_provincial_coverage
        service(user=user, coverage=record, expected_version=record.version, lgu_agreements="MOA 2026-14")
        return "lgu_agreements", "MOA 2026-14"

    return edit


def _coverage_form(record):
    return {"curated_obc_population": "900", "notes": "Typed by the first officer"}


CASES = [
    EditableCase(
        name="communities.BarangayOBC",
        make=_community,
        other_edit=_community_other_edit,
        page_url=lambda r: reverse("communities:barangay-edit", args=[r.pk]),
        page_data=_community_form,
        api_url=lambda r: reverse("communities-api:community-detail", args=[r.pk]),
        api_data={"governance_notes": "Typed by the first officer"},
        typed="Typed by the first officer",
    ),
    EditableCase(
        name="communities.CommunityLeader",
        make=_leader,
        other_edit=_leader_other_edit,
        page_url=lambda r: reverse("communities:leader-edit", args=[r.pk]),
        page_data=_leader_form,
        api_url=lambda r: reverse("communities-api:leader-detail", args=[r.pk]),
        api_data={"notes": "Typed by the first officer"},
        typed="Typed by the first officer",
    ),
    *[
        EditableCase(
            name=f"communities.{model}",
            make=_coverage(kind),
            other_edit=_coverage_other_edit(kind),
            page_url=lambda r, kind=kind: reverse(f"communities:{kind}-edit", args=[r.pk]),
            page_data=_coverage_form,
            api_url=lambda r, kind=kind: reverse(f"communities-api:{kind}-coverage-detail", args=[r.pk]),
            api_data={"notes": "Typed by the first officer"},
            typed="Typed by the first officer",
        )
        for kind, model in (("municipal", "MunicipalCoverage"), ("provincial", "ProvincialCoverage"))
    ],
]
