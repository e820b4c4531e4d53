"""Editable records of the communities app, for the shared "no lost updates" tests (see ``__init__``)."""

from __future__ import annotations

from django.urls import reverse

from common.tests import personas

from .base import EditableCase


def _community(user):
    from communities.tests.factories import make_community

    return make_community(personas.ALIGUAY, purok_sitio="Purok Lambuyan", estimated_obc_population=320)


def _community_other_edit(record, user):
    from communities import services

    services.update_community(user=user, community=record, expected_revision=record.revision, households=77)
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

    services.update_leader(user=user, leader=record, expected_revision=record.revision, phone="0917 000 1111")
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
        service(user=user, coverage=record, expected_revision=record.revision, lgu_agreements="MOA 2026-14")
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
