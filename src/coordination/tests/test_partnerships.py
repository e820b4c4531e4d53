"""Partnerships: the transition table, closing rights, renewal, documents (checks and access-checked
download), and the daily check with a frozen clock and its e-mail."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coordination import services
from coordination.models import Alert, Milestone, Partnership
from coordination.tasks import check_agreements

from .conftest import make_partnership

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_partnership_moves_along_the_table(administrator, oobc, org_ix, zdn):
    p = make_partnership(administrator, orgs=[oobc, org_ix], areas=[zdn])
    for step in ("negotiation", "for_signature", "active"):
        services.transition_partnership(user=administrator, partnership=p, to_status=step, comment=step)
    assert [t.to_status for t in p.transitions.all()] == ["negotiation", "for_signature", "active"]
    assert p.transitions.last().actor == administrator


@pytest.mark.parametrize("target", ["active", "for_signature", "completed", "expired"])
def test_draft_cannot_skip_steps(administrator, oobc, org_ix, zdn, target):
    p = make_partnership(administrator, orgs=[oobc, org_ix], areas=[zdn])
    with pytest.raises(ValidationError):
        services.transition_partnership(user=administrator, partnership=p, to_status=target)


def test_activation_needs_an_effective_date_and_two_parties(administrator, oobc, zdn):
    p = make_partnership(administrator, orgs=[oobc], areas=[zdn], status="for_signature")
    with pytest.raises(ValidationError) as error:
        services.transition_partnership(user=administrator, partnership=p, to_status="active")
    assert "parties" in error.value.message_dict


def test_executive_closes_an_agreement_but_cannot_edit_it(executive, partnership_ix):
    services.transition_partnership(user=executive, partnership=partnership_ix, to_status="completed")
    partnership_ix.refresh_from_db()
    assert partnership_ix.status == "completed"
    with pytest.raises(PermissionDenied):
        services.update_partnership(user=executive, partnership=partnership_ix, title="x")


def test_partner_viewer_and_other_region_cannot_close(partner_ix, officer_xii, partnership_ix):
    for user in (partner_ix, officer_xii):
        with pytest.raises(PermissionDenied):
            services.transition_partnership(user=user, partnership=partnership_ix, to_status="terminated", comment="x")


def test_termination_needs_a_reason(officer_ix, partnership_ix):
    with pytest.raises(ValidationError):
        services.transition_partnership(user=officer_ix, partnership=partnership_ix, to_status="terminated")


def test_renewal_starts_a_linked_draft_successor_once(officer_ix, partnership_ix):
    successor = services.renew_partnership(user=officer_ix, partnership=partnership_ix)
    assert successor.predecessor == partnership_ix and successor.status == "draft"
    assert set(successor.parties.values_list("organization_id", flat=True)) == set(
        partnership_ix.parties.values_list("organization_id", flat=True)
    )
    with pytest.raises(ValidationError):
        services.renew_partnership(user=officer_ix, partnership=partnership_ix)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agreement.exe", b"MZ...", "not an accepted type"),
        ("agreement.pdf", b"<html>not a pdf</html>", "does not look like"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_document_upload_refuses_bad_type_or_content(officer_ix, partnership_ix, name, content, message):
    with pytest.raises(ValidationError) as error:
        services.upload_document(user=officer_ix, partnership=partnership_ix, upload=SimpleUploadedFile(name, content))
    assert message in str(error.value)


def test_document_upload_refuses_files_over_the_limit(settings, officer_ix, partnership_ix):
    settings.COORDINATION_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.upload_document(
            user=officer_ix, partnership=partnership_ix, upload=SimpleUploadedFile("a.pdf", PDF + b"x" * 200)
        )
    assert "the limit is" in str(error.value)


@pytest.fixture
def document(officer_ix, partnership_ix):
    return services.upload_document(
        user=officer_ix, partnership=partnership_ix, upload=SimpleUploadedFile("Signed MOA.pdf", PDF)
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_ix", 200), ("executive", 200), ("administrator", 200), ("officer_xii", 404), ("partner_ix", 403),
     ("outsider", 403)],
)  # fmt: skip
def test_document_download_is_access_checked(client, request, document, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("coordination:document-download", args=[document.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")


def test_document_is_not_under_a_public_url(document, settings):
    assert "private/" in document.file.name
    assert not document.get_absolute_url().startswith(settings.MEDIA_URL)


def test_document_upload_page_keeps_the_form_on_refusal(client, officer_ix, partnership_ix):
    client.force_login(officer_ix)
    response = client.post(
        reverse("coordination:document-add", args=[partnership_ix.pk]),
        {"kind": "signed", "file": SimpleUploadedFile("x.txt", b"hello")},
    )
    assert response.status_code == 400 and "not an accepted type" in response.content.decode()


def _frozen(day: dt.date):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(6, 0)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_daily_check_flags_60_and_30_days_and_emails_the_owner_once(administrator, officer_ix, oobc, org_ix, zdn):
    today = dt.date(2026, 3, 1)
    p = make_partnership(administrator, orgs=[oobc, org_ix], areas=[zdn], status="active", owner=officer_ix)
    Partnership.objects.filter(pk=p.pk).update(expiry_date=today + dt.timedelta(days=45))
    with _frozen(today):
        result = check_agreements.delay().get()
    assert result["alerts"] == 1
    assert Alert.objects.get().kind == Alert.Kind.EXPIRES_60
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [officer_ix.email]
    assert "expires on 15 Apr 2026" in mail.outbox[0].body
    with _frozen(today):  # idempotent: the same day raises and sends nothing new
        check_agreements.delay().get()
    assert len(mail.outbox) == 1
    with _frozen(today + dt.timedelta(days=20)):  # now 25 days left
        check_agreements.delay().get()
    assert set(Alert.objects.values_list("kind", flat=True)) == {Alert.Kind.EXPIRES_60, Alert.Kind.EXPIRES_30}
    assert len(mail.outbox) == 2


def test_daily_check_flags_past_due_milestones_to_their_owner(administrator, officer_ix, partnership_ix):
    today = timezone.localdate()
    services.add_milestone(
        user=administrator, partnership=partnership_ix, title="First report", due_date=today - dt.timedelta(days=1),
        owner=officer_ix,
    )  # fmt: skip
    services.add_milestone(user=administrator, partnership=partnership_ix, title="Later", due_date=today)
    Partnership.objects.filter(pk=partnership_ix.pk).update(expiry_date=today + dt.timedelta(days=365))
    result = services.check_agreements(today=today)
    alert = Alert.objects.get()
    assert (result["alerts"], alert.kind, alert.recipient) == (1, Alert.Kind.MILESTONE_OVERDUE, officer_ix)
    assert "First report" in mail.outbox[0].body
    Milestone.objects.update(status=Milestone.Status.DONE)
    assert services.check_agreements(today=today)["alerts"] == 0


def test_daily_check_expires_agreements_past_their_date(administrator, partnership_ix):
    Partnership.objects.filter(pk=partnership_ix.pk).update(expiry_date=timezone.localdate() - dt.timedelta(days=1))
    assert services.check_agreements()["expired"] == 1
    partnership_ix.refresh_from_db()
    assert partnership_ix.status == "expired"
    assert partnership_ix.transitions.last().actor is None


def test_alerts_are_listed_on_the_start_page(client, officer_ix, partnership_ix):
    Partnership.objects.filter(pk=partnership_ix.pk).update(expiry_date=timezone.localdate() + dt.timedelta(days=10))
    services.check_agreements()
    client.force_login(officer_ix)
    html = client.get(reverse("home")).content.decode()
    assert 'data-alert="expires_30"' in html and partnership_ix.title in html


def test_milestone_status_moves_only_by_transition(officer_ix, partnership_ix):
    m = services.add_milestone(
        user=officer_ix, partnership=partnership_ix, title="Report", due_date=timezone.localdate()
    )
    with pytest.raises(TypeError):
        services.update_milestone(user=officer_ix, milestone=m, status="done")
    services.transition_milestone(user=officer_ix, milestone=m, to_status="done")
    assert (m.status, m.completed_on) == ("done", timezone.localdate())
    with pytest.raises(ValidationError):
        services.transition_milestone(user=officer_ix, milestone=m, to_status="cancelled")


def test_milestone_of_other_region_cannot_be_closed(officer_xii, officer_ix, partnership_ix):
    m = services.add_milestone(
        user=officer_ix, partnership=partnership_ix, title="Report", due_date=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        services.transition_milestone(user=officer_xii, milestone=m, to_status="done")
