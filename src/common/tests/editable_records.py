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
    page_data: Callable | None  # (record) -> dict posted by this officer (without "revision")
    api_url: Callable | None  # (record) -> detail URL
    api_data: dict | None  # PATCH body of this officer
    typed: str  # a value this officer typed, that the re-rendered form must still show
    api_saved: Callable | None = None  # (record) -> True when this officer's API edit is stored
    actor: str = "officer_ix"  # the persona (fixture name) of "this officer"


# --- communities --------------------------------------------------------------------------------


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


# --- MANA ---------------------------------------------------------------------------------------

TYPED = "Typed by the first officer"


def _assessment(user):
    from common.models import Barangay, Municipality
    from mana.models import Assessment
    from mana.services import assessments as service
    from mana.tests.conftest import fixtures_admin

    return service.create_assessment(
        user=fixtures_admin(),
        title="Aliguay MANA 2026",
        level=Assessment.Level.COMMUNITY,
        municipality=Municipality.objects.get(code=personas.CITY_OF_DAPITAN),
        communities=[Barangay.objects.get(code=personas.ALIGUAY)],
        methods=["survey"],
        lead=user,
    )


def _assessment_other_edit(record, user):
    from mana.services import assessments as service

    service.update_assessment(user=user, assessment=record, expected_revision=record.revision, purpose="Theirs")
    return "purpose", "Theirs"


def _assessment_form(record):
    return {
        "title": record.title,
        "level": record.level,
        "municipality": record.municipality.code,
        "communities": [personas.ALIGUAY],
        "methods": ["survey"],
        "purpose": TYPED,
    }


def _participant(user):
    from mana.models import Participant
    from mana.services import participants as service
    from mana.tests.conftest import fixtures_admin

    return service.register_participant(
        user=fixtures_admin(),
        assessment=_assessment(user),
        name="Amina Hadjiri",
        sex=Participant.Sex.FEMALE,
        consent_method=Participant.ConsentMethod.WRITTEN,
    )


def _participant_other_edit(record, user):
    from mana.services import participants as service

    service.update_participant(user=user, participant=record, expected_revision=record.revision, contact="0917 1")
    return "contact", "0917 1"


def _need(user):
    from common.models import Barangay
    from mana.services import needs as service
    from mana.tests.conftest import fixtures_admin

    return service.create_need(
        user=fixtures_admin(),
        assessment=_assessment(user),
        category="education",
        title="Madrasah teachers",
        severity=4,
        urgency=3,
        feasibility=4,
        affected_communities=[Barangay.objects.get(code=personas.ALIGUAY)],
    )


def _need_other_edit(record, user):
    from mana.services import needs as service

    service.update_need(user=user, need=record, expected_revision=record.revision, evidence_sources="Theirs")
    return "evidence_sources", "Theirs"


def _need_form(record):
    return {
        "category": record.category,
        "title": record.title,
        "severity": record.severity,
        "urgency": record.urgency,
        "feasibility": record.feasibility,
        "affected_communities": [personas.ALIGUAY],
        "description": TYPED,
    }


def _question(user):
    from mana.models import Question
    from mana.services import instruments as service
    from mana.tests.conftest import fixtures_admin

    admin = fixtures_admin()
    instrument = service.create_instrument(user=admin, assessment=_assessment(user), title="Household survey")
    version = instrument.versions.get()
    return service.add_question(user=admin, version=version, text="Household size", qtype=Question.Type.NUMBER)


def _question_other_edit(record, user):
    from mana.services import instruments as service

    service.update_question(user=user, question=record, expected_revision=record.revision, help_text="Theirs")
    return "help_text", "Theirs"


def _question_form(record):
    return {"text": TYPED, "qtype": record.qtype, "order": "1", "scale_min": "1", "scale_max": "5"}


def _response(user):
    from mana.services import assessments as assessment_service
    from mana.services import instruments as instrument_service
    from mana.services import responses as service
    from mana.tests.conftest import build_instrument, fixtures_admin

    admin = fixtures_admin()
    participant = _participant(user)
    assessment = participant.assessment
    version = build_instrument(admin, assessment).versions.get()
    for status in ("preparation", "data_collection"):
        assessment_service.transition_assessment(user=admin, assessment=assessment, to_status=status)
    session = instrument_service.create_session(user=admin, assessment=assessment, version=version, title="Day 1")
    instrument_service.open_session(user=admin, session=session)
    return service.save_response(user=admin, session=session, participant=participant, answers={})


def _response_other_edit(record, user):
    from mana.services import responses as service
    from mana.tests.conftest import complete_answers

    answers = complete_answers(record.version)
    service.save_response(user=user, response=record, answers=answers, submit=True, expected_revision=record.revision)
    return "status", "submitted"


def _long_question(record):
    return record.version.questions.get(text="Describe the main problem").field_name


def _response_saved(record):
    return record.answers.filter(value_text=TYPED).exists()


CASES += [
    EditableCase(
        name="mana.Assessment",
        make=_assessment,
        other_edit=_assessment_other_edit,
        page_url=lambda r: reverse("mana:assessment-edit", args=[r.pk]),
        page_data=_assessment_form,
        api_url=lambda r: reverse("mana-api:assessment-detail", args=[r.pk]),
        api_data={"title": TYPED},
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Participant",
        make=_participant,
        other_edit=_participant_other_edit,
        page_url=lambda r: reverse("mana:participant-edit", args=[r.pk]),
        page_data=lambda r: {"name": r.name, "sex": r.sex, "organization": TYPED},
        api_url=None,
        api_data=None,
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Need",
        make=_need,
        other_edit=_need_other_edit,
        page_url=lambda r: reverse("mana:need-edit", args=[r.pk]),
        page_data=_need_form,
        api_url=lambda r: reverse("mana-api:need-detail", args=[r.pk]),
        api_data={"description": TYPED},
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Question",
        make=_question,
        other_edit=_question_other_edit,
        page_url=lambda r: reverse("mana:question-edit", args=[r.pk]),
        page_data=_question_form,
        api_url=None,
        api_data=None,
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Response",
        make=_response,
        other_edit=_response_other_edit,
        page_url=lambda r: reverse("mana:response-edit", args=[r.pk]),
        page_data=lambda r: {_long_question(r): TYPED},
        api_url=lambda r: reverse("mana-api:response-detail", args=[r.pk]),
        api_data=None,  # built per record: see api_body
        typed=TYPED,
        api_saved=_response_saved,
        actor="facilitator_ix",
    ),
]


def api_body(case, record) -> dict:
    if case.name == "mana.Response":
        return {"answers": {_long_question(record): TYPED}}
    return case.api_data


# --- coordination -------------------------------------------------------------------------------


def _dapitan():
    from common.models import Municipality

    return Municipality.objects.get(code=personas.CITY_OF_DAPITAN)


def _organization(user):
    from coordination import services

    return services.create_organization(
        user=user, name="Dapitan Youth Council", acronym="DYC", org_type="cso", areas=[_dapitan()]
    )


def _organization_other_edit(record, user):
    from coordination import services

    services.update_organization(user=user, organization=record, expected_revision=record.revision, address="Theirs")
    return "address", "Theirs"


def _organization_form(record):
    return {
        "name": record.name,
        "acronym": record.acronym,
        "org_type": record.org_type,
        "status": record.status,
        "areas_0_municipality": personas.CITY_OF_DAPITAN,
        "mandate": TYPED,
    }


def _contact(user):
    from coordination import services

    return services.create_contact(user=user, organization=_organization(user), name="Amina Jalil", position="Chair")


def _contact_other_edit(record, user):
    from coordination import services

    services.update_contact(user=user, contact=record, expected_revision=record.revision, phone="0917 000 2222")
    return "phone", "0917 000 2222"


def _partnership(user):
    from coordination import services

    org = _organization(user)
    return services.create_partnership(
        user=user, kind="moa", title="MOA on madrasah support", areas=[_dapitan()], parties=[(org, "partner")]
    )


def _partnership_other_edit(record, user):
    from coordination import services

    services.update_partnership(user=user, partnership=record, expected_revision=record.revision, reference_no="7")
    return "reference_no", "7"


def _partnership_form(record):
    return {
        "kind": record.kind,
        "title": record.title,
        "purpose": TYPED,
        "areas_0_municipality": personas.CITY_OF_DAPITAN,
        "parties": [p.organization_id for p in record.parties.all()],
    }


def _engagement(user):
    import datetime as dt

    from django.utils import timezone

    from coordination import services

    return services.create_engagement(
        user=user, place=_dapitan(), kind="consultation", title="Consultation with the LGU",
        starts_at=timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=3),
    )  # fmt: skip


def _engagement_other_edit(record, user):
    from coordination import services

    services.update_engagement(user=user, engagement=record, expected_revision=record.revision, venue="Theirs")
    return "venue", "Theirs"


def _engagement_form(record):
    from django.utils import timezone

    from coordination.models import ATTENDANCE_FIELDS

    return {
        "kind": record.kind,
        "title": record.title,
        "starts_at": timezone.localtime(record.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "place_municipality": personas.CITY_OF_DAPITAN,
        "agenda": TYPED,
        **{name: "0" for name, _ in ATTENDANCE_FIELDS},
    }


def _action_item(user):
    import datetime as dt

    from django.utils import timezone

    from coordination import services

    return services.create_action_item(
        user=user, place=_dapitan(), title="Send the teachers' list", owner=user,
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip


def _action_item_other_edit(record, user):
    from coordination import services

    services.update_action_item(user=user, item=record, expected_revision=record.revision, title="Theirs")
    return "title", "Theirs"


def _action_item_form(record):
    return {"title": record.title, "owner": record.owner_id, "due_date": record.due_date.isoformat(), "details": TYPED}


CASES += [
    EditableCase(
        name="coordination.Organization",
        make=_organization,
        other_edit=_organization_other_edit,
        page_url=lambda r: reverse("coordination:organization-edit", args=[r.pk]),
        page_data=_organization_form,
        api_url=lambda r: reverse("coordination-api:organization-detail", args=[r.pk]),
        api_data={"mandate": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.Contact",
        make=_contact,
        other_edit=_contact_other_edit,
        page_url=lambda r: reverse("coordination:contact-edit", args=[r.pk]),
        page_data=lambda r: {"name": r.name, "position": r.position, "notes": TYPED},
        api_url=lambda r: reverse("coordination-api:contact-detail", args=[r.pk]),
        api_data={"notes": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.Partnership",
        make=_partnership,
        other_edit=_partnership_other_edit,
        page_url=lambda r: reverse("coordination:partnership-edit", args=[r.pk]),
        page_data=_partnership_form,
        api_url=lambda r: reverse("coordination-api:partnership-detail", args=[r.pk]),
        api_data={"purpose": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.Engagement",
        make=_engagement,
        other_edit=_engagement_other_edit,
        page_url=lambda r: reverse("coordination:engagement-edit", args=[r.pk]),
        page_data=_engagement_form,
        api_url=lambda r: reverse("coordination-api:engagement-detail", args=[r.pk]),
        api_data={"agenda": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.ActionItem",
        make=_action_item,
        other_edit=_action_item_other_edit,
        page_url=lambda r: reverse("coordination:action-edit", args=[r.pk]),
        page_data=_action_item_form,
        api_url=lambda r: reverse("coordination-api:action-item-detail", args=[r.pk]),
        api_data={"details": TYPED},
        typed=TYPED,
    ),
]


def _feedback(user):
    from coordination import services

    return services.add_feedback(
        user=user, engagement=_engagement(user), topic="Madrasah teachers", sentiment="concern"
    )


def _feedback_other_edit(record, user):
    from coordination import services

    services.update_feedback(user=user, feedback=record, expected_revision=record.revision, sector="youth")
    return "sector", "youth"


def _commitment(user):
    from coordination import services

    return services.add_commitment(user=user, engagement=_engagement(user), description="OOBC sends the list")


def _commitment_other_edit(record, user):
    import datetime as dt

    from coordination import services

    due = dt.date(2027, 1, 15)
    services.update_commitment(user=user, commitment=record, expected_revision=record.revision, due_date=due)
    return "due_date", due


def _signatory(user):
    from coordination import services

    partnership = _partnership(user)
    org = partnership.parties.get().organization
    return services.add_signatory(user=user, partnership=partnership, name="Hadji Omar", organization=org)


def _signatory_other_edit(record, user):
    from coordination import services

    services.update_signatory(user=user, signatory=record, expected_revision=record.revision, position="Mayor")
    return "position", "Mayor"


def _milestone(user):
    import datetime as dt

    from coordination import services

    return services.add_milestone(
        user=user, partnership=_partnership(user), title="First report", due_date=dt.date(2027, 3, 1), owner=user
    )


def _milestone_other_edit(record, user):
    import datetime as dt

    from coordination import services

    due = dt.date(2027, 4, 1)
    services.update_milestone(user=user, milestone=record, expected_revision=record.revision, due_date=due)
    return "due_date", due


CASES += [
    EditableCase(
        name="coordination.Feedback",
        make=_feedback,
        other_edit=_feedback_other_edit,
        page_url=lambda r: reverse("coordination:feedback-edit", args=[r.pk]),
        page_data=lambda r: {"topic": r.topic, "sentiment": r.sentiment, "details": TYPED},
        api_url=lambda r: reverse("coordination-api:feedback-detail", args=[r.pk]),
        api_data={"details": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.Commitment",
        make=_commitment,
        other_edit=_commitment_other_edit,
        page_url=lambda r: reverse("coordination:commitment-edit", args=[r.pk]),
        page_data=lambda r: {"description": TYPED},
        api_url=lambda r: reverse("coordination-api:commitment-detail", args=[r.pk]),
        api_data={"description": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.Signatory",
        make=_signatory,
        other_edit=_signatory_other_edit,
        page_url=lambda r: reverse("coordination:signatory-edit", args=[r.pk]),
        page_data=lambda r: {"name": TYPED, "organization": r.organization_id},
        api_url=lambda r: reverse("coordination-api:signatory-detail", args=[r.pk]),
        api_data={"name": TYPED},
        typed=TYPED,
    ),
    EditableCase(
        name="coordination.Milestone",
        make=_milestone,
        other_edit=_milestone_other_edit,
        page_url=lambda r: reverse("coordination:milestone-edit", args=[r.pk]),
        page_data=lambda r: {"title": TYPED, "due_date": r.due_date.isoformat(), "owner": r.owner_id},
        api_url=lambda r: reverse("coordination-api:milestone-detail", args=[r.pk]),
        api_data={"title": TYPED},
        typed=TYPED,
    ),
]


# --- policies -----------------------------------------------------------------------------------


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


CASES += [
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
