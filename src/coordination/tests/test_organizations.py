"""Organizations: duplicates, the area rule (reads and writes), contacts as personal data, the BMOA loader."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from common.appkit.concurrency import StaleRecordError
from coordination import services
from coordination.models import Contact, Organization, OrganizationType

pytestmark = pytest.mark.django_db


def test_duplicate_name_is_caught_ignoring_accents_case_and_punctuation(administrator, org_ix, dapitan):
    with pytest.raises(ValidationError) as error:
        services.create_organization(
            user=administrator, name="DAPITAN MUSLIM WOMEN'S ASSOCIATIÓN", org_type=OrganizationType.CSO,
            areas=[dapitan],
        )  # fmt: skip
    assert "already exists" in str(error.value.message_dict["name"])


def test_duplicate_acronym_is_caught_case_insensitively(administrator, org_ix, dapitan):
    with pytest.raises(ValidationError) as error:
        services.create_organization(
            user=administrator, name="Another group", acronym="dmwa", org_type=OrganizationType.CSO, areas=[dapitan]
        )
    assert "DMWA" in error.value.message_dict["acronym"][0] or "dmwa" in error.value.message_dict["acronym"][0]


def test_find_duplicates_matches_sto_nino_spellings(administrator, dapitan):
    services.create_organization(
        user=administrator, name="Santo Niño Fisherfolk Association", org_type=OrganizationType.CSO, areas=[dapitan]
    )
    assert services.find_duplicates(name="Sto. Nino Fisherfolk Association").count() == 1


def test_officer_sees_organizations_in_region_and_nationwide_but_not_other_region(officer_ix, org_ix, org_xii, oobc):
    visible = set(Organization.objects.for_user(officer_ix))
    assert org_ix in visible and oobc in visible
    assert org_xii not in visible


def test_province_officer_sees_organization_working_in_a_city_of_the_province(officer_zdn, org_ix, org_xii):
    assert list(Organization.objects.for_user(officer_zdn).filter(pk__in=[org_ix.pk, org_xii.pk])) == [org_ix]


def test_officer_cannot_edit_a_nationwide_organization(officer_ix, oobc):
    with pytest.raises(PermissionDenied):
        services.update_organization(user=officer_ix, organization=oobc, mandate="Changed")


def test_officer_cannot_place_an_organization_outside_their_areas(officer_ix, south_cotabato):
    with pytest.raises(ValidationError) as error:
        services.create_organization(
            user=officer_ix, name="New CSO", org_type=OrganizationType.CSO, areas=[south_cotabato]
        )
    assert "Outside your assigned areas" in str(error.value)


def test_officer_cannot_edit_organization_of_other_region(officer_xii, org_ix):
    with pytest.raises(PermissionDenied):
        services.update_organization(user=officer_xii, organization=org_ix, mandate="x")


def test_editing_keeps_areas_outside_the_editors_assignments(administrator, officer_ix, dapitan, south_cotabato):
    org = services.create_organization(
        user=administrator, name="Two-region NGO", org_type=OrganizationType.CSO, areas=[dapitan, south_cotabato]
    )
    services.update_organization(user=officer_ix, organization=org, areas=[dapitan])
    assert {a.place_code for a in org.areas.all()} == {dapitan.code, south_cotabato.code}


def test_stale_save_is_refused_with_who_changed_it(administrator, officer_ix, org_ix):
    read_revision = org_ix.revision
    services.update_organization(user=administrator, organization=org_ix, mandate="First")
    with pytest.raises(StaleRecordError) as error:
        services.update_organization(
            user=officer_ix, organization=org_ix, expected_revision=read_revision, mandate="Second"
        )
    assert "changed by" in str(error.value)
    org_ix.refresh_from_db()
    assert org_ix.mandate == "First"


def test_lgu_needs_its_psgc_unit(administrator, dapitan):
    with pytest.raises(ValidationError):
        services.create_organization(
            user=administrator, name="LGU Dapitan", org_type=OrganizationType.LGU, areas=[dapitan]
        )
    lgu = services.create_organization(
        user=administrator, name="LGU Dapitan", org_type=OrganizationType.LGU, areas=[dapitan], lgu_unit=dapitan
    )
    assert lgu.lgu_municipality == dapitan


def test_contacts_are_personal_data(officer_ix, partner_ix, executive, org_ix):
    contact = services.create_contact(user=officer_ix, organization=org_ix, name="Amina Hadji", phone="0917")
    assert list(Contact.objects.for_user(officer_ix)) == [contact]
    assert not Contact.objects.for_user(partner_ix).exists()
    assert not Contact.objects.for_user(executive).exists()
    with pytest.raises(PermissionDenied):
        services.create_contact(user=partner_ix, organization=org_ix, name="X")


def test_contact_of_other_region_is_hidden_from_officer(officer_xii, administrator, org_ix):
    services.create_contact(user=administrator, organization=org_ix, name="Amina Hadji")
    assert not Contact.objects.for_user(officer_xii).exists()


def test_barmm_loader_is_idempotent_and_official(administrator):
    call_command("load_barmm_organizations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = Organization.objects.filter(org_type=OrganizationType.BMOA).count()
    call_command("load_barmm_organizations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Organization.objects.filter(org_type=OrganizationType.BMOA).count() == first >= 30
    mafar = Organization.objects.get(acronym="MAFAR")
    assert mafar.name == "Ministry of Agriculture, Fisheries and Agrarian Reform" and mafar.is_nationwide
    assert Organization.objects.get(acronym="OOBC").parent.acronym == "OCM"
