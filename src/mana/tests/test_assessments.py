import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.models import Region
from common.tests import personas
from mana.models import Assessment
from mana.services import assessments as service

pytestmark = pytest.mark.django_db


def test_status_moves_along_the_allowed_path_and_each_move_is_recorded(assessment, facilitator_ix):
    path = ["preparation", "data_collection", "analysis", "validation", "completed"]
    for status in path:
        service.transition_assessment(
            user=facilitator_ix, assessment=assessment, to_status=status, comment=f"to {status}"
        )
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    moves = list(assessment.transitions.values_list("from_status", "to_status", "actor__username", "comment"))
    assert moves[0] == ("planned", "preparation", "facilitator_ix", "to preparation")
    assert [m[1] for m in moves] == path
    assert all(t.at is not None for t in assessment.transitions.all())


@pytest.mark.parametrize(
    ("start", "target"),
    [("planned", "data_collection"), ("planned", "completed"), ("preparation", "analysis"), ("completed", "analysis")],
)
def test_status_jumps_are_refused_with_the_allowed_next_steps(assessment, facilitator_ix, start, target):
    Assessment.objects.filter(pk=assessment.pk).update(status=start)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status=target)
    assert "cannot move from" in str(exc.value)
    assessment.refresh_from_db()
    assert assessment.status == start
    assert not assessment.transitions.exists()


def test_validation_can_send_an_assessment_back_to_analysis(assessment, facilitator_ix):
    Assessment.objects.filter(pk=assessment.pk).update(status="validation")
    service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status="analysis", comment="redo")
    assessment.refresh_from_db()
    assert assessment.status == "analysis"


def test_cancelling_needs_a_reason_and_is_final(assessment, facilitator_ix):
    with pytest.raises(ValidationError, match="why"):
        service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status="cancelled")
    service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status="cancelled", comment="Typhoon")
    with pytest.raises(ValidationError):
        service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status="planned")


def test_officer_without_change_permission_cannot_move_status(assessment, officer_ix):
    with pytest.raises(PermissionDenied):
        service.transition_assessment(user=officer_ix, assessment=assessment, to_status="preparation")


def test_area_is_filled_upwards_from_the_municipality(assessment, dapitan):
    assert assessment.province == dapitan.province
    assert assessment.region.code == personas.REGION_IX


def test_community_outside_the_area_is_refused(administrator, dapitan):
    from common.models import Barangay

    koronadal_barangay = Barangay.objects.filter(municipality__code=personas.KORONADAL).first()
    with pytest.raises(ValidationError) as exc:
        service.create_assessment(
            user=administrator, title="x", level="community", municipality=dapitan, communities=[koronadal_barangay]
        )
    assert "Outside the assessment's area" in str(exc.value)


def test_level_needs_the_matching_area(administrator, region_ix):
    with pytest.raises(ValidationError, match="province"):
        service.create_assessment(user=administrator, title="x", level="provincial", region=region_ix)
    with pytest.raises(ValidationError, match="city or municipality"):
        service.create_assessment(user=administrator, title="x", level="municipal", region=region_ix)


def test_facilitator_cannot_create_an_assessment_outside_their_region(facilitator_ix, koronadal):
    with pytest.raises(ValidationError, match="outside the areas"):
        service.create_assessment(user=facilitator_ix, title="x", level="municipal", municipality=koronadal)


def test_facilitator_who_creates_an_assessment_leads_it(facilitator_ix, region_ix):
    a = service.create_assessment(user=facilitator_ix, title="Region IX MANA", level="regional", region=region_ix)
    assert a.lead == facilitator_ix
    assert Assessment.objects.for_user(facilitator_ix, "change").filter(pk=a.pk).exists()


def test_facilitator_sees_and_changes_only_assessments_they_are_assigned_to(
    assessment, facilitator_ix, other_facilitator_ix
):
    assert Assessment.objects.for_user(facilitator_ix, "change").filter(pk=assessment.pk).exists()
    assert not Assessment.objects.for_user(other_facilitator_ix, "view").filter(pk=assessment.pk).exists()
    with pytest.raises(PermissionDenied):
        service.transition_assessment(user=other_facilitator_ix, assessment=assessment, to_status="preparation")
    assessment.facilitators.add(other_facilitator_ix)
    assert Assessment.objects.for_user(other_facilitator_ix, "change").filter(pk=assessment.pk).exists()


def test_area_rules_for_officers(assessment, assessment_xii, officer_ix, officer_xii, officer_zdn, executive, outsider):
    def visible(user):
        return set(Assessment.objects.for_user(user).values_list("pk", flat=True))

    assert visible(officer_ix) == {assessment.pk}
    assert visible(officer_xii) == {assessment_xii.pk}
    assert visible(officer_zdn) == {assessment.pk}  # Dapitan is in Zamboanga del Norte
    assert visible(executive) == {assessment.pk, assessment_xii.pk}
    assert visible(outsider) == set()


def test_regional_assessment_is_seen_by_region_users_not_by_single_province_users(
    administrator, officer_ix, officer_zdn
):
    region = Region.objects.get(code=personas.REGION_IX)
    a = service.create_assessment(user=administrator, title="Region IX", level="regional", region=region)
    assert Assessment.objects.for_user(officer_ix).filter(pk=a.pk).exists()
    assert not Assessment.objects.for_user(officer_zdn).filter(pk=a.pk).exists()


def test_partner_viewer_sees_no_mana_records(assessment, partner_ix):
    assert not Assessment.objects.for_user(partner_ix).exists()


def test_soft_deleted_assessment_can_be_restored(assessment, administrator):
    service.delete_assessment(user=administrator, assessment=assessment)
    assert not Assessment.objects.alive().filter(pk=assessment.pk).exists()
    service.restore_assessment(user=administrator, assessment=assessment)
    assert Assessment.objects.alive().filter(pk=assessment.pk).exists()
