"""Every page: the allowed personas get it, the denied ones get 403 (no role) or 404 (outside area/team)."""

import pytest
from django.urls import reverse

from mana.models import Assessment, Need
from mana.services import needs as need_service
from mana.services import responses as response_service

pytestmark = pytest.mark.django_db

VIEWERS = ["administrator", "executive", "officer_ix", "officer_zdn", "facilitator_ix"]


@pytest.fixture
def need(facilitator_ix, assessment, aliguay):
    return need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="wash",
        title="Safe drinking water",
        severity=5,
        urgency=4,
        feasibility=3,
        affected_communities=[aliguay],
        affected_population=800,
    )


@pytest.fixture
def response(session, participant, facilitator_ix, answers):
    return response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
    )


def view_urls(assessment, need, response):
    return [
        reverse("mana:index"),
        reverse("mana:assessment-detail", args=[assessment.pk]),
        reverse("mana:analysis", args=[assessment.pk]),
        reverse("mana:report-pdf", args=[assessment.pk]),
        reverse("mana:report-xlsx", args=[assessment.pk]),
        reverse("mana:response-list", args=[assessment.pk]),
        reverse("mana:response-edit", args=[response.pk]),
        reverse("mana:session-detail", args=[response.session_id]),
        reverse("mana:instrument-detail", args=[response.version.instrument_id]),
        reverse("mana:need-list"),
        reverse("mana:need-board"),
        reverse("mana:need-detail", args=[need.pk]),
    ]


@pytest.mark.parametrize("persona", VIEWERS)
def test_viewers_in_area_open_every_read_page(client, request, persona, assessment, need, response):
    client.force_login(request.getfixturevalue(persona))
    for url in view_urls(assessment, need, response):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["partner_ix", "outsider"])
def test_roles_without_mana_access_are_refused_every_page(client, request, persona, assessment, need, response):
    client.force_login(request.getfixturevalue(persona))
    for url in view_urls(assessment, need, response):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("mana:index")).status_code == 403


@pytest.mark.parametrize("persona", ["officer_xii", "other_facilitator_ix"])
def test_users_outside_the_area_or_team_get_not_found(client, request, persona, assessment, need, response):
    client.force_login(request.getfixturevalue(persona))
    for url in [*view_urls(assessment, need, response)[1:9], reverse("mana:need-detail", args=[need.pk])]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("mana:index")).content.decode()
    assert assessment.title not in listing


def test_anonymous_users_are_sent_to_sign_in(client, assessment):
    response = client.get(reverse("mana:assessment-detail", args=[assessment.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_navbar_links_to_mana(client, officer_ix):
    client.force_login(officer_ix)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("mana:index")}">MANA<' in html


def test_facilitator_creates_an_assessment_through_the_form(client, facilitator_ix, dapitan, aliguay):
    client.force_login(facilitator_ix)
    assert client.get(reverse("mana:assessment-add")).status_code == 200
    response = client.post(
        reverse("mana:assessment-add"),
        {
            "title": "Dapitan MANA",
            "level": "community",
            "municipality": dapitan.code,
            "communities": [aliguay.code],
            "methods": ["survey", "kii"],
            "start_date": "2026-02-01",
            "end_date": "2026-02-20",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    a = Assessment.objects.get(title="Dapitan MANA")
    assert a.lead == facilitator_ix and a.methods == ["survey", "kii"] and list(a.communities.all()) == [aliguay]


def test_assessment_form_errors_keep_the_input(client, facilitator_ix, dapitan):
    client.force_login(facilitator_ix)
    response = client.post(
        reverse("mana:assessment-add"),
        {
            "title": "Kept title",
            "level": "community",
            "municipality": dapitan.code,
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'value="Kept title"' in html
    assert "end date is before" in html or "at least one community" in html


@pytest.mark.parametrize("persona", ["officer_ix", "executive", "partner_ix", "other_facilitator_ix"])
def test_only_the_team_and_administrators_edit_and_move_status(client, request, persona, assessment):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("mana:assessment-edit", args=[assessment.pk])).status_code in (403, 404)
    client.post(reverse("mana:assessment-transition", args=[assessment.pk]), {"to_status": "preparation"})
    assessment.refresh_from_db()
    assert assessment.status == "planned"


def test_lead_moves_status_through_the_page_and_refused_moves_say_why(client, facilitator_ix, assessment):
    client.force_login(facilitator_ix)
    url = reverse("mana:assessment-transition", args=[assessment.pk])
    page = client.post(url, {"to_status": "completed"}, follow=True)
    assert "cannot move from Planned to Completed" in page.content.decode()
    client.post(url, {"to_status": "preparation", "comment": "Team formed"})
    assessment.refresh_from_db()
    assert assessment.status == "preparation"


def test_response_page_keeps_typed_values_when_submission_fails(client, facilitator_ix, session, participant, version):
    from mana.tests.conftest import q

    client.force_login(facilitator_ix)
    size = q(version, "Household size").field_name
    problem = q(version, "Describe the main problem").field_name
    water = q(version, "Main water source")
    page = client.post(
        reverse("mana:response-add", args=[session.pk]),
        {
            "participant": participant.pk,
            size: "six",
            problem: "Typed on a slow phone",
            water.field_name: water.choices.first().pk,
            "submit": "1",
        },
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Typed on a slow phone" in html and 'value="six"' in html
    assert f'value="{water.choices.first().pk}" checked' in html
    assert "Enter a number, e.g. 12 or 3.5." in html and "This question is required." in html
    assert f'<option value="{participant.pk}" selected' in html


def test_response_page_saves_a_draft_then_submits(client, facilitator_ix, session, participant, version, answers):
    client.force_login(facilitator_ix)
    page = client.post(reverse("mana:response-add", args=[session.pk]), {"participant": participant.pk, **answers})
    assert page.status_code == 302
    response = participant.responses.get()
    assert response.status == "draft"
    client.post(reverse("mana:response-edit", args=[response.pk]), {**answers, "submit": "1", "revision": "1"})
    response.refresh_from_db()
    assert response.status == "submitted" and response.revision == 2


def test_officer_may_read_but_not_change_a_response(client, officer_ix, response, answers):
    client.force_login(officer_ix)
    assert client.get(reverse("mana:response-edit", args=[response.pk])).status_code == 200
    assert client.post(reverse("mana:response-edit", args=[response.pk]), answers).status_code == 403


def test_instrument_builder_pages(client, facilitator_ix, assessment):
    client.force_login(facilitator_ix)
    client.post(reverse("mana:instrument-add", args=[assessment.pk]), {"title": "KII guide", "kind": "kii"})
    instrument = assessment.instruments.get(title="KII guide")
    version = instrument.versions.get()
    page = client.post(
        reverse("mana:question-add", args=[version.pk]),
        {
            "text": "Main livelihood",
            "qtype": "single_choice",
            "choices_text": "Fishing\nFarming\nTrade",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    assert page.status_code == 302
    assert list(version.questions.get().choices.values_list("label", flat=True)) == ["Fishing", "Farming", "Trade"]
    client.post(reverse("mana:version-publish", args=[version.pk]), {"confirm": "1"})
    version.refresh_from_db()
    assert not version.is_draft
    client.post(reverse("mana:instrument-new-draft", args=[instrument.pk]))
    assert instrument.versions.filter(number=2, status="draft").exists()


def test_need_pages_vote_and_transition(client, facilitator_ix, officer_ix, need):
    client.force_login(officer_ix)
    client.post(reverse("mana:need-vote", args=[need.pk]))
    page = client.post(reverse("mana:need-vote", args=[need.pk]), follow=True)
    assert "already voted" in page.content.decode()
    need.refresh_from_db()
    assert need.vote_count == 1
    client.force_login(facilitator_ix)
    client.post(reverse("mana:need-transition", args=[need.pk]), {"to_status": "validated"})
    need.refresh_from_db()
    assert need.status == Need.Status.VALIDATED


def test_vote_redirect_stays_on_site(client, officer_ix, need):
    client.force_login(officer_ix)
    response = client.post(reverse("mana:need-vote", args=[need.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == need.get_absolute_url()


def _bulk_needs(facilitator_ix, assessment, aliguay, n):
    for i in range(n):
        need_service.create_need(
            user=facilitator_ix,
            assessment=assessment,
            category="health",
            title=f"Need {i}",
            severity=1 + i % 5,
            urgency=3,
            feasibility=3,
            affected_communities=[aliguay],
        )


def _bulk_assessments(administrator, dapitan, n):
    from mana.services.assessments import create_assessment

    for i in range(n):
        create_assessment(user=administrator, title=f"A{i}", level="municipal", municipality=dapitan)


@pytest.mark.parametrize(
    ("url_name", "grow"), [("mana:index", "assessments"), ("mana:need-list", "needs"), ("mana:need-board", "needs")]
)
def test_list_pages_cost_the_same_queries_with_more_rows(
    client, facilitator_ix, administrator, assessment, dapitan, aliguay, django_assert_max_num_queries, url_name, grow
):
    client.force_login(facilitator_ix)
    _bulk_needs(facilitator_ix, assessment, aliguay, 2)
    client.get(reverse(url_name))  # warm caches (session, roles)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    if grow == "needs":
        _bulk_needs(facilitator_ix, assessment, aliguay, 30)
    else:
        _bulk_assessments(administrator, dapitan, 30)
        Assessment.objects.exclude(pk=assessment.pk).update(lead=facilitator_ix)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_analysis_page_queries_do_not_grow_with_responses(
    client, facilitator_ix, session, assessment, version, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mana.services.participants import register_participant
    from mana.tests.conftest import complete_answers

    def add_responses(n, start):
        for i in range(n):
            p = register_participant(
                user=facilitator_ix, assessment=assessment, name=f"P{start + i}", sex="female", consent_method="verbal"
            )
            response_service.save_response(
                user=facilitator_ix, session=session, participant=p, answers=complete_answers(version), submit=True
            )

    add_responses(2, 0)
    client.force_login(facilitator_ix)
    url = reverse("mana:analysis", args=[assessment.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_responses(15, 100)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert "data-count>17<" in page.content.decode()


def test_forms_never_list_every_barangay_of_an_area(client, administrator, region_ix):
    from common.models import Barangay
    from mana.services.assessments import create_assessment

    regional = create_assessment(user=administrator, title="Region IX", level="regional", region=region_ix)
    client.force_login(administrator)
    for url in (reverse("mana:assessment-add"), reverse("mana:participant-add", args=[regional.pk]),
                f"{reverse('mana:need-add')}?assessment={regional.pk}", reverse("mana:need-add")):  # fmt: skip
        html = client.get(url).content.decode()
        assert html.count("<option") < Barangay.objects.count() / 2, url
        assert "data-place-picker" in html and "place-picker.js" in html and "barangay_picker" not in html


def test_need_for_a_community_through_the_form_with_the_municipality_picker(client, facilitator_ix, dapitan, aliguay):
    client.force_login(facilitator_ix)
    page = client.get(reverse("mana:need-add"), {"affected_communities_municipality": dapitan.code})
    assert page.status_code == 200
    response = client.post(
        reverse("mana:need-add"),
        {"affected_communities_municipality": dapitan.code, "affected_communities": [aliguay.code],
         "category": "education",
         "title": "Madrasah teachers", "severity": 4, "urgency": 3, "feasibility": 4, "affected_population": 300},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    need = Need.objects.get()
    assert list(need.affected_communities.all()) == [aliguay] and need.assessment is None
    page = client.post(
        reverse("mana:need-add"),
        {"affected_communities_municipality": dapitan.code, "affected_communities": [aliguay.code],
         "category": "education", "title": "Kept", "severity": 9, "urgency": 3, "feasibility": 4},
    )  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 400 and 'value="Kept"' in html
    assert f'<option value="{aliguay.code}" selected>' in html
