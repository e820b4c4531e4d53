"""The shared role × area rule (``for_user``), exercised with the personas on real geography."""

import pytest
from django.contrib.auth.models import Group

from common.access import (
    ADMINISTRATOR,
    EXECUTIVE,
    MANA_FACILITATOR,
    PARTNER_VIEWER,
    PROGRAM_OFFICER,
    can_view_personal_data,
    has_national_scope,
    scope_queryset,
)
from common.models import Barangay, Municipality, Province, Region
from common.roles import sync_roles
from common.tests import personas

pytestmark = pytest.mark.django_db


def visible_barangay_codes(user, action="view"):
    return set(Barangay.objects.for_user(user, action).values_list("code", flat=True))


def test_officer_for_region_ix_sees_region_ix_barangays_only(officer_ix):
    codes = visible_barangay_codes(officer_ix)
    assert personas.ALIGUAY in codes
    assert not Barangay.objects.for_user(officer_ix).filter(municipality__code=personas.KORONADAL).exists()
    assert len(codes) == Barangay.objects.filter(municipality__province__region__code=personas.REGION_IX).count()


def test_officer_for_region_xii_cannot_see_region_ix(officer_xii):
    assert personas.ALIGUAY not in visible_barangay_codes(officer_xii)
    assert Barangay.objects.for_user(officer_xii).filter(municipality__code=personas.KORONADAL).exists()


def test_province_assignment_covers_that_province_only(officer_zdn):
    provinces = set(Province.objects.for_user(officer_zdn).values_list("code", flat=True))
    assert provinces == {personas.ZAMBOANGA_DEL_NORTE}
    assert Municipality.objects.for_user(officer_zdn).filter(code=personas.CITY_OF_DAPITAN).exists()
    assert not Municipality.objects.for_user(officer_zdn).filter(province__code=personas.SULU).exists()
    # The region of an assigned province stays reachable for navigation.
    assert list(Region.objects.for_user(officer_zdn).values_list("code", flat=True)) == [personas.REGION_IX]


def test_outsider_without_role_or_area_sees_nothing(outsider):
    assert not Barangay.objects.for_user(outsider).exists()
    assert not Region.objects.for_user(outsider).exists()


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not Barangay.objects.for_user(AnonymousUser()).exists()


def test_inactive_officer_sees_nothing(officer_ix):
    officer_ix.is_active = False
    officer_ix.save()
    assert not Barangay.objects.for_user(officer_ix).exists()


def test_national_roles_see_every_area(administrator, executive):
    total = Barangay.objects.count()
    assert Barangay.objects.for_user(administrator).count() == total
    assert Barangay.objects.for_user(executive).count() == total
    assert has_national_scope(executive) and has_national_scope(administrator)


def test_role_without_permission_for_the_action_gets_nothing(officer_ix, partner_ix):
    # Geography is reference data: nobody but an administrator may change it.
    assert not Barangay.objects.for_user(officer_ix, "change").exists()
    assert not Barangay.objects.for_user(partner_ix, "delete").exists()
    assert Barangay.objects.for_user(partner_ix, "view").filter(code=personas.ALIGUAY).exists()


def test_unknown_action_is_a_programming_error(officer_ix):
    with pytest.raises(ValueError, match="Unknown action"):
        Barangay.objects.for_user(officer_ix, "publish")


def test_scope_queryset_works_for_any_province_lookup(officer_xii):
    qs = scope_queryset(Municipality.objects.all(), officer_xii, province_lookup="province")
    assert qs.filter(code=personas.KORONADAL).exists()
    assert not qs.filter(code=personas.CITY_OF_DAPITAN).exists()


def test_roles_exist_with_their_permissions():
    roles = {g.name: set(g.permissions.values_list("content_type__app_label", "codename")) for g in Group.objects.all()}
    assert {ADMINISTRATOR, EXECUTIVE, PROGRAM_OFFICER, MANA_FACILITATOR, PARTNER_VIEWER} <= set(roles)
    assert ("common", "view_barangay") in roles[PARTNER_VIEWER]
    assert ("common", "change_barangay") not in roles[PROGRAM_OFFICER]
    assert ("common", "view_personal_data") in roles[PROGRAM_OFFICER]
    assert ("common", "view_personal_data") not in roles[PARTNER_VIEWER]
    assert ("common", "view_personal_data") not in roles[EXECUTIVE]
    assert ("common", "change_user") in roles[ADMINISTRATOR]
    assert ("common", "view_user") not in roles[EXECUTIVE]


def test_sync_roles_is_idempotent():
    first = sync_roles()
    Group.objects.get(name=PARTNER_VIEWER).permissions.clear()
    assert sync_roles() == first
    assert Group.objects.get(name=PARTNER_VIEWER).permissions.count() == first[PARTNER_VIEWER]


def test_personal_data_only_for_roles_that_need_it(officer_ix, facilitator_ix, partner_ix, executive, outsider):
    assert can_view_personal_data(officer_ix)
    assert can_view_personal_data(facilitator_ix)
    assert not can_view_personal_data(partner_ix)
    assert not can_view_personal_data(executive)
    assert not can_view_personal_data(outsider)
