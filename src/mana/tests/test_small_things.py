"""MANA pages: counts read "1 vote", empty numbered lists say so without a number, real Cancel links,
help text that names only fields the form has."""

import pytest

from mana.forms import NeedForm
from mana.services import needs as need_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(facilitator_ix, assessment, aliguay):
    return need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="wash",
        title="Safe drinking water",
        severity=5,
        urgency=4,
        feasibility=4,
        affected_communities=[aliguay],
    )


def test_one_vote_reads_singular_on_the_analysis_page(client, facilitator_ix, assessment, need):
    need_service.cast_vote(user=facilitator_ix, need=need)
    client.force_login(facilitator_ix)
    html = client.get(f"/mana/assessments/{assessment.pk}/analysis/").content.decode()
    assert "1 vote</li>" in html and "1 votes" not in html
    assert "0 submitted responses (0 drafts not counted)" in html


def test_empty_lists_are_not_numbered(client, facilitator_ix, assessment):
    client.force_login(facilitator_ix)
    html = client.get(f"/mana/assessments/{assessment.pk}/").content.decode()
    assert "None recorded." in html and '<li class="text-body-secondary">None recorded.' not in html
    assert "Planned; no status changes yet." in html
    assert '<li class="list-group-item text-body-secondary">Planned' not in html
    analysis = client.get(f"/mana/assessments/{assessment.pk}/analysis/").content.decode()
    assert '<p class="small text-body-secondary">No needs recorded.</p>' in analysis


def test_cancel_on_the_section_form_goes_back_to_the_instrument(client, facilitator_ix, assessment):
    from mana.tests.conftest import build_instrument

    instrument = build_instrument(facilitator_ix, assessment, publish=False)
    version = instrument.versions.get()
    client.force_login(facilitator_ix)
    html = client.get(f"/mana/versions/{version.pk}/sections/new/").content.decode()
    assert f'href="{instrument.get_absolute_url()}?version=1">Cancel</a>' in html
    html = client.get(f"/mana/assessments/{assessment.pk}/sessions/new/").content.decode()
    assert f'href="{assessment.get_absolute_url()}">Cancel</a>' in html


def test_community_help_text_names_no_missing_city_field(facilitator_ix, assessment):
    # The assessment lists its covered communities: the form offers them directly, without a
    # city/municipality select, so its help text must not ask for one.
    form = NeedForm(user=facilitator_ix, assessment=assessment)
    assert "municipality" not in form.fields
    assert "city/municipality" not in form.fields["affected_communities"].help_text.lower()


def test_an_instrument_without_questions_does_not_number_its_empty_note(client, facilitator_ix, assessment):
    from mana.services import instruments as instrument_service

    instrument = instrument_service.create_instrument(user=facilitator_ix, assessment=assessment, title="Survey")
    client.force_login(facilitator_ix)
    html = client.get(instrument.get_absolute_url()).content.decode()
    assert '<li class="list-group-item text-body-secondary obc-unnumbered">No questions yet.</li>' in html
