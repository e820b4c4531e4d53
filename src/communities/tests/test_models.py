"""Model validation and the write services: ids, census total, population rules, area checks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.tests import personas
from communities import services
from communities.models import BarangayOBC, choices, contains_code
from communities.services.ids import province_abbreviation
from communities.tests.factories import barangay, community_fields, make_community

pytestmark = pytest.mark.django_db

DAPITAN_2 = "0907201002"
AVANCENA_KORONADAL = "1206306002"


def test_obc_id_is_readable_by_region_and_province_and_counts_up():
    first = make_community(personas.ALIGUAY)
    second = make_community(DAPITAN_2)
    assert first.obc_id == "OBC-IX-ZDN-0001"
    assert second.obc_id == "OBC-IX-ZDN-0002"
    assert make_community(AVANCENA_KORONADAL).obc_id == "OBC-XII-SCO-0001"


@pytest.mark.parametrize(
    ("name", "abbreviation"),
    [
        ("Zamboanga del Norte", "ZDN"),
        ("Sulu", "SUL"),
        ("South Cotabato", "SCO"),
        ("City of Zamboanga", "ZAM"),
        ("City of Isabela (Not a Province)", "ISA"),
        ("City of Zamboanga (Independent City)", "ZAM"),
    ],
)
def test_province_abbreviation(name, abbreviation):
    assert province_abbreviation(name) == abbreviation


def test_deleted_records_keep_their_id_and_new_records_never_reuse_it(officer_ix):
    first = make_community(personas.ALIGUAY)
    services.soft_delete_community(user=officer_ix, community=first)
    assert make_community(DAPITAN_2).obc_id == "OBC-IX-ZDN-0002"


def test_total_population_comes_from_the_census_and_a_forged_value_is_ignored(officer_ix):
    community = services.create_community(
        user=officer_ix,
        barangay=barangay(personas.ALIGUAY),
        **community_fields(total_barangay_population=999_999, estimated_obc_population=300),
    )
    community.refresh_from_db()
    assert community.total_barangay_population == 601


def test_obc_population_above_the_barangay_total_is_rejected_with_a_clear_message(officer_ix):
    with pytest.raises(ValidationError) as exc:
        services.create_community(
            user=officer_ix,
            barangay=barangay(personas.ALIGUAY),
            **community_fields(total_barangay_population=999_999, estimated_obc_population=602),
        )
    assert exc.value.message_dict["estimated_obc_population"] == [
        "Estimated OBC population (602) cannot exceed the barangay's total population (601, 2020 census)."
    ]
    assert not BarangayOBC.all_objects.exists()


def test_households_and_sector_counts_cannot_exceed_the_obc_population():
    with pytest.raises(ValidationError) as exc:
        make_community(personas.ALIGUAY, estimated_obc_population=50, households=51, women=60, families=10)
    assert set(exc.value.message_dict) == {"households", "women"}


def test_age_bands_cannot_add_up_to_more_than_the_obc_population():
    with pytest.raises(ValidationError) as exc:
        make_community(personas.ALIGUAY, estimated_obc_population=50, age_0_14=30, age_25_59=30)
    assert "age bands add up to 60" in exc.value.message_dict["age_0_14"][0]


def test_coordinates_default_to_the_barangay_centroid():
    community = make_community(personas.ALIGUAY)
    aliguay = barangay(personas.ALIGUAY)
    assert (community.latitude, community.longitude) == (aliguay.latitude, aliguay.longitude)


def test_coordinates_outside_the_philippines_are_rejected():
    with pytest.raises(ValidationError) as exc:
        make_community(personas.ALIGUAY, latitude=48.85, longitude=2.35)
    assert "within the Philippines" in exc.value.message_dict["latitude"][0]


def test_year_settled_in_the_future_and_validation_date_in_the_future_are_rejected():
    import datetime

    with pytest.raises(ValidationError) as exc:
        make_community(
            personas.ALIGUAY, year_settled=3000, last_validated_on=datetime.date.today() + datetime.timedelta(days=9)
        )
    assert set(exc.value.message_dict) == {"year_settled", "last_validated_on"}


def test_unknown_codes_in_a_list_field_are_rejected():
    with pytest.raises(ValidationError) as exc:
        make_community(personas.ALIGUAY, other_ethnolinguistic_groups=["sama", "klingon"])
    assert "klingon" in exc.value.message_dict["other_ethnolinguistic_groups"][0]


def test_list_fields_are_tidy_and_filterable():
    community = make_community(
        personas.ALIGUAY,
        primary_ethnolinguistic_group="tausug",
        other_ethnolinguistic_groups=["yakan", "sama", "tausug", "sama"],
    )
    community.refresh_from_db()
    assert community.other_ethnolinguistic_groups == ["sama", "yakan"]
    assert BarangayOBC.objects.filter(contains_code("other_ethnolinguistic_groups", "sama")).count() == 1
    assert not BarangayOBC.objects.filter(contains_code("other_ethnolinguistic_groups", "badjao")).exists()


def test_two_communities_in_one_barangay_are_told_apart_by_purok():
    make_community(personas.ALIGUAY, purok_sitio="Purok Mabuhay", estimated_obc_population=100)
    make_community(personas.ALIGUAY, purok_sitio="Sitio Dagat", estimated_obc_population=100)
    with pytest.raises(ValidationError) as exc:
        make_community(personas.ALIGUAY, purok_sitio="purok mabuhay")
    assert "already has an OBC record for this purok/sitio" in str(exc.value)


def test_officer_cannot_create_a_community_outside_their_region(officer_ix):
    with pytest.raises(ValidationError) as exc:
        services.create_community(user=officer_ix, barangay=barangay(AVANCENA_KORONADAL), **community_fields())
    assert "outside your assigned areas" in exc.value.message_dict["barangay"][0]


def test_partner_viewer_and_outsider_cannot_create(partner_ix, outsider):
    for user in (partner_ix, outsider):
        with pytest.raises(PermissionDenied):
            services.create_community(user=user, barangay=barangay(personas.ALIGUAY), **community_fields())


def test_officer_cannot_edit_or_delete_a_community_outside_their_region(officer_xii):
    community = make_community(personas.ALIGUAY)
    with pytest.raises(PermissionDenied):
        services.update_community(user=officer_xii, community=community, estimated_obc_population=5)
    with pytest.raises(PermissionDenied):
        services.soft_delete_community(user=officer_xii, community=community)


def test_province_officer_can_only_move_a_community_within_the_province(officer_zdn):
    community = make_community(personas.ALIGUAY)
    with pytest.raises(ValidationError):
        services.update_community(user=officer_zdn, community=community, barangay=barangay(AVANCENA_KORONADAL))
    moved = services.update_community(user=officer_zdn, community=community, barangay=barangay(DAPITAN_2))
    assert moved.barangay.code == DAPITAN_2


def test_restore_is_refused_when_a_live_record_took_the_same_purok(officer_ix):
    first = make_community(personas.ALIGUAY, purok_sitio="Purok 1")
    services.soft_delete_community(user=officer_ix, community=first)
    make_community(personas.ALIGUAY, purok_sitio="Purok 1")
    with pytest.raises(ValidationError, match="Cannot restore"):
        services.restore_community(user=officer_ix, community=first)


def test_soft_deleted_records_leave_the_default_manager_but_stay_in_all_objects(officer_ix):
    community = make_community(personas.ALIGUAY)
    services.soft_delete_community(user=officer_ix, community=community)
    assert not BarangayOBC.objects.filter(pk=community.pk).exists()
    assert BarangayOBC.all_objects.deleted().filter(pk=community.pk).exists()


def test_labels_come_from_the_glossary():
    assert choices.EthnolinguisticGroup.MERANAW.label == "Meranaw (Maranao)"
    assert len(choices.EthnolinguisticGroup.choices) == 14


def test_a_concurrent_duplicate_purok_becomes_a_form_error_not_a_server_error(officer_ix, monkeypatch):
    services.create_community(
        user=officer_ix, barangay=barangay(personas.ALIGUAY), **community_fields(purok_sitio="Looc")
    )
    # Another request saved the same purok between this request's validation and its save.
    monkeypatch.setattr(BarangayOBC, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as exc:
        services.create_community(
            user=officer_ix, barangay=barangay(personas.ALIGUAY), **community_fields(purok_sitio="looc")
        )
    assert "already has an OBC record for this purok/sitio" in str(exc.value.message_dict["purok_sitio"])
    assert BarangayOBC.objects.filter(barangay__code=personas.ALIGUAY).count() == 1
