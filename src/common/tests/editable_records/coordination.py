"""Editable records of the coordination app, for the shared "no lost updates" tests (see ``__init__``)."""

from __future__ import annotations

from django.urls import reverse

from common.tests import personas

from .base import TYPED, EditableCase, _dapitan


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


CASES = [
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
