"""Editable records of the policies app, for the shared "no lost updates" tests (see ``__init__``)."""

from __future__ import annotations

from django.urls import reverse

from common.tests import personas

from .base import TYPED, EditableCase, _dapitan


def _recommendation(user):
    from policies import services

    return services.create_recommendation(
        user=user, areas=[_dapitan()], title="Madrasah teachers for Dapitan OBCs", rec_type="program",
        category="social", sector="education", scope_level="municipal", problem="No asatidz.",
        proposed_action="Fund two asatidz per barangay.",
    )  # fmt: skip


def _recommendation_other_edit(record, user):
    from policies import services

    services.update_recommendation(
        user=user, recommendation=record, expected_revision=record.revision, funding_source="Theirs"
    )
    return "funding_source", "Theirs"


def _recommendation_form(record):
    return {
        "title": record.title,
        "rec_type": record.rec_type,
        "category": record.category,
        "sector": record.sector,
        "scope_level": record.scope_level,
        "areas_0_municipality": personas.CITY_OF_DAPITAN,
        "problem": record.problem,
        "proposed_action": record.proposed_action,
        "expected_outcomes": TYPED,
        "importance": "3",
        "urgency": "3",
    }


CASES = [
    EditableCase(
        name="policies.Recommendation",
        make=_recommendation,
        other_edit=_recommendation_other_edit,
        page_url=lambda r: reverse("policies:recommendation-edit", args=[r.pk]),
        page_data=_recommendation_form,
        api_url=lambda r: reverse("policies-api:recommendation-detail", args=[r.pk]),
        api_data={"expected_outcomes": TYPED},
        typed=TYPED,
    ),
]


def _policy_milestone(user):
    import datetime as dt

    from policies import services
    from policies.tests.conftest import TO_APPROVED

    rec = _recommendation(user)
    executive = _executive()
    services.add_evidence(
        user=user, recommendation=rec, kind="external", source_title="OOBC report", statement="Teachers are lacking."
    )
    for status, who, _ in TO_APPROVED:
        services.transition_recommendation(user=user if who == "officer" else executive, recommendation=rec,
                                           to_status=status)  # fmt: skip
    return services.add_milestone(user=user, recommendation=rec, title="Hire asatidz", due_date=dt.date(2027, 6, 30))


def _executive():
    from common.access import EXECUTIVE
    from common.models import User
    from common.tests.factories import UserFactory

    return User.objects.filter(username="records-executive").first() or UserFactory(
        username="records-executive", roles=[EXECUTIVE]
    )


def _policy_milestone_other_edit(record, user):
    import datetime as dt

    from policies import services

    due = dt.date(2027, 9, 30)
    services.update_milestone(user=user, milestone=record, expected_revision=record.revision, due_date=due)
    return "due_date", due


CASES += [
    EditableCase(
        name="policies.ImplementationMilestone",
        make=_policy_milestone,
        other_edit=_policy_milestone_other_edit,
        page_url=lambda r: reverse("policies:milestone-edit", args=[r.pk]),
        page_data=lambda r: {
            "title": TYPED,
            "due_date": r.due_date.isoformat(),
            "status": r.status,
            "percent_complete": "10",
        },
        api_url=lambda r: reverse("policies-api:milestone-detail", args=[r.pk]),
        api_data={"title": TYPED},
        typed=TYPED,
    ),
]
