"""The one personal-data rule (issue 8, item 3): every path that can carry leaders, contacts,
participants or focal persons is walked with a role that may see them (the output carries them and
the export is logged) and with roles that may not (no personal data, nothing logged).
"""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from common import personal_data
from common.models import Job, PersonalDataExport
from common.roles import PERSONAL_DATA_MODELS
from common.services.jobs import start_job
from communities.models import CommunityLeader, MunicipalCoverage
from communities.services import create_leader, update_municipal_coverage
from communities.tests.factories import make_community, system_user
from mana.models import Participant
from mana.services import participants as participant_service
from mana.services import responses as response_service
from mana.tests.conftest import (  # noqa: F401 — fixtures
    aliguay,
    assessment,
    complete_answers,
    dapitan,
    instrument,
    session,
    version,
)

pytestmark = pytest.mark.django_db

LEADER = "Hadji Abdul Secret"
FOCAL = "Datu Focal Person 0917"
PARTICIPANT = "Amina Hadjiri"
NO_PERSONAL_DATA = ["executive", "partner_ix"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def community():
    community = make_community("0907201001", purok_sitio="Purok Uno")
    create_leader(user=system_user(), community=community, name=LEADER, role="religious", phone="0917 000 1111",
                  consent_given=True)  # fmt: skip
    coverage = MunicipalCoverage.objects.get(municipality=community.municipality)
    update_municipal_coverage(user=system_user(), coverage=coverage, focal_persons=FOCAL)
    return community


@pytest.fixture
def answered(facilitator_ix, assessment, session, version):  # noqa: F811
    participant = participant_service.register_participant(
        user=facilitator_ix, assessment=assessment, name=PARTICIPANT, sex="female", consent_method="verbal"
    )
    response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=complete_answers(version), submit=True
    )
    return assessment


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row)


def _log(**filters) -> PersonalDataExport:
    return PersonalDataExport.objects.get(**filters)


# --- the rule -----------------------------------------------------------------------------------


def test_rule_needs_permission_role_and_area(officer_ix, officer_xii, facilitator_ix, partner_ix, executive,
                                             administrator, outsider, community):  # fmt: skip
    assert personal_data.can_view(officer_ix, CommunityLeader, obj=community)
    assert personal_data.can_view(administrator, CommunityLeader, obj=community)
    assert not personal_data.can_view(officer_xii, CommunityLeader, obj=community)  # outside the area
    for user in (partner_ix, executive, outsider):  # no personal-data permission
        assert not personal_data.can_view(user, CommunityLeader)
    assert personal_data.can_view(facilitator_ix, Participant)
    with pytest.raises(PermissionDenied):
        personal_data.require(officer_xii, CommunityLeader, obj=community)


def test_unregistered_models_are_refused_loudly(officer_ix):
    with pytest.raises(ImproperlyConfigured, match="not registered"):
        personal_data.can_view(officer_ix, Job)


def test_models_registered_whole_are_stripped_from_roles_without_access():
    whole = {label for label, reg in personal_data.registrations().items() if reg.whole_model}
    assert {"communities.communityleader", "mana.participant", "common.personaldataexport"} <= whole
    assert whole <= PERSONAL_DATA_MODELS
    assert personal_data.registration(MunicipalCoverage).fields == ("focal_persons",)


def test_log_is_readable_by_administrators_only(administrator, officer_ix, community):
    entry = personal_data.log_export(user=officer_ix, model=CommunityLeader, rows=2, channel="page", target=community)
    assert entry.username == "officer_ix" and entry.target_label == str(community)
    assert list(PersonalDataExport.objects.for_user(administrator)) == [entry]
    assert not PersonalDataExport.objects.for_user(officer_ix).exists()


# --- communities --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_list_export_carries_leaders_and_is_logged(client, officer_ix, community, fmt):
    client.force_login(officer_ix)
    response = client.get(reverse("communities-io:export"), {"format": fmt, "purpose": "Field validation"})
    content = _body(response)
    assert LEADER in (_xlsx_text(content) if fmt == "xlsx" else content.decode("utf-8-sig"))
    log = _log(what="communities.communityleader")
    assert (log.user, log.channel, log.file_format, log.row_count) == (officer_ix, "download", fmt, 1)
    assert log.purpose == "Field validation"


@pytest.mark.parametrize("persona", NO_PERSONAL_DATA)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_list_export_has_no_leaders_for_roles_without_access(client, request, persona, community, fmt):
    client.force_login(request.getfixturevalue(persona))
    content = _body(client.get(reverse("communities-io:export"), {"format": fmt}))
    text = _xlsx_text(content) if fmt == "xlsx" else content.decode("utf-8-sig")
    assert "Purok Uno" in text and LEADER not in text and "Leaders and contacts" not in text
    assert not PersonalDataExport.objects.exists()


@pytest.mark.parametrize("persona", ["officer_ix", "partner_ix"])
def test_list_export_job_is_logged_with_its_job(request, persona, community, django_capture_on_commit_callbacks):
    user = request.getfixturevalue(persona)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=user, kind="communities.export_list", params={"format": "csv", "filters": {}})
    job.refresh_from_db()
    with job.result.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    if persona == "officer_ix":
        assert LEADER in text
        assert _log(job=job).channel == "job"
    else:
        assert LEADER not in text and not PersonalDataExport.objects.exists()


def test_profile_pdf_prints_leaders_and_is_logged(client, officer_ix, community):
    client.force_login(officer_ix)
    assert LEADER in _pdf_text(client.get(reverse("communities-io:profile-pdf", args=[community.pk])).content)
    log = _log(file_format="pdf")
    assert log.target_id == str(community.pk) and log.row_count == 1


@pytest.mark.parametrize("persona", NO_PERSONAL_DATA)
def test_profile_pdf_has_no_leaders_for_roles_without_access(client, request, persona, community):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("communities-io:profile-pdf", args=[community.pk]))
    assert response.status_code == 200 and LEADER not in _pdf_text(response.content)
    assert not PersonalDataExport.objects.exists()


def test_area_report_holds_no_personal_data(officer_ix, community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=officer_ix, kind="communities.area_report", params={"region": "0900000000"})
    job.refresh_from_db()
    with job.result.open("rb") as handle:
        text = _pdf_text(handle.read())
    assert "Purok Uno" in text and LEADER not in text and FOCAL not in text


def test_profile_page_shows_leaders_and_is_logged(client, officer_ix, partner_ix, community):
    url = reverse("communities:barangay-detail", args=[community.pk])
    client.force_login(partner_ix)
    assert LEADER not in client.get(url).content.decode()
    assert not PersonalDataExport.objects.exists()
    client.force_login(officer_ix)
    assert LEADER in client.get(url).content.decode()
    assert _log(channel="page").what == "communities.communityleader"


def test_coverage_page_shows_focal_persons_and_is_logged(client, officer_ix, partner_ix, community):
    coverage = MunicipalCoverage.objects.get(municipality=community.municipality)
    url = reverse("communities:municipal-detail", args=[coverage.pk])
    client.force_login(partner_ix)
    assert FOCAL not in client.get(url).content.decode()
    assert not PersonalDataExport.objects.exists()
    client.force_login(officer_ix)
    assert FOCAL in client.get(url).content.decode()
    assert _log(channel="page").what == "communities.municipalcoverage"


def test_api_detail_carries_leaders_only_for_personal_data_roles(client, officer_ix, partner_ix, community):
    url = reverse("communities-api:community-detail", args=[community.pk])
    client.force_login(partner_ix)
    assert "leaders" not in client.get(url).json()
    assert not PersonalDataExport.objects.exists()
    client.force_login(officer_ix)
    assert client.get(url).json()["leaders"][0]["name"] == LEADER
    log = _log(channel="api")
    assert (log.what, log.row_count, log.file_format) == ("communities.communityleader", 1, "json")


def test_api_leaders_endpoint_is_logged_and_refused_without_access(client, officer_ix, partner_ix, community):
    url = reverse("communities-api:leader-list")
    client.force_login(partner_ix)
    assert client.get(url).status_code == 403
    client.force_login(officer_ix)
    assert client.get(url).json()["results"][0]["name"] == LEADER
    assert _log(channel="api").row_count == 1


def test_api_coverage_carries_focal_persons_only_for_personal_data_roles(client, officer_ix, partner_ix, community):
    url = reverse("communities-api:municipal-coverage-list")
    client.force_login(partner_ix)
    assert FOCAL not in client.get(url).content.decode()
    assert not PersonalDataExport.objects.exists()
    client.force_login(officer_ix)
    assert FOCAL in client.get(url).content.decode()
    assert _log(channel="api").what == "communities.municipalcoverage"


# --- MANA ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_participant_export_is_logged(client, facilitator_ix, answered, fmt):
    client.force_login(facilitator_ix)
    content = _body(client.get(reverse("mana:participant-export", args=[answered.pk, fmt]), {"purpose": "Report"}))
    text = _xlsx_text(content) if fmt == "xlsx" else content.decode("utf-8-sig")
    assert PARTICIPANT in text
    log = _log(what="mana.participant", channel="download")
    assert (log.file_format, log.row_count, log.purpose, log.target_id) == (fmt, 1, "Report", str(answered.pk))


@pytest.mark.parametrize("persona", NO_PERSONAL_DATA)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_participant_export_refused_without_access(client, request, persona, answered, fmt):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("mana:participant-export", args=[answered.pk, fmt])).status_code == 403
    assert not PersonalDataExport.objects.exists()


def test_participant_list_page_is_logged(client, facilitator_ix, executive, answered):
    url = reverse("mana:participant-list", args=[answered.pk])
    client.force_login(executive)
    assert client.get(url).status_code == 403
    client.force_login(facilitator_ix)
    html = client.get(url).content.decode()
    assert PARTICIPANT in html and 'name="purpose"' in html  # the export form asks what the export is for
    assert _log(channel="page", what="mana.participant").row_count == 1


def test_report_workbook_names_respondents_only_under_the_rule(client, facilitator_ix, executive, answered):
    url = reverse("mana:report-xlsx", args=[answered.pk])
    client.force_login(executive)
    assert PARTICIPANT not in _xlsx_text(client.get(url).content)
    assert not PersonalDataExport.objects.exists()
    client.force_login(facilitator_ix)
    assert PARTICIPANT in _xlsx_text(client.get(url).content)
    log = _log(file_format="xlsx")
    assert (log.what, log.row_count) == ("mana.participant", 1)


@pytest.mark.parametrize("persona", ["facilitator_ix", "executive"])
def test_report_pdf_holds_no_names(client, request, persona, answered):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("mana:report-pdf", args=[answered.pk]))
    assert response.status_code == 200 and PARTICIPANT not in _pdf_text(response.content)


def test_response_list_names_respondents_only_under_the_rule(client, facilitator_ix, executive, answered):
    url = reverse("mana:response-list", args=[answered.pk])
    client.force_login(executive)
    assert PARTICIPANT not in client.get(url).content.decode()
    assert not PersonalDataExport.objects.exists()
    client.force_login(facilitator_ix)
    assert PARTICIPANT in client.get(url).content.decode()
    assert _log(channel="page").row_count == 1


def test_csv_export_rows_match_the_log(client, facilitator_ix, answered):
    client.force_login(facilitator_ix)
    content = client.get(reverse("mana:participant-export", args=[answered.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert _log(channel="download").row_count == len(rows) - 1


def test_admin_lists_the_log_read_only(client, administrator, officer_ix, community):
    personal_data.log_export(user=officer_ix, model=CommunityLeader, rows=3, channel="download", file_format="csv")
    client.force_login(administrator)
    html = client.get(reverse("admin:common_personaldataexport_changelist")).content.decode()
    assert "officer_ix" in html
    assert client.get(reverse("admin:common_personaldataexport_add")).status_code == 403
