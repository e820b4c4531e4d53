"""The MANA list pages (assessments, needs register, prioritisation board) in a fixed number of
queries whatever the rows and their related records (leads, areas, assessments, votes), and the
rows written out by the fast table templates in step with the tables' columns."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import Municipality
from common.tests import personas
from common.tests.factories import UserFactory
from mana import selectors
from mana.models import Need
from mana.services import needs as need_service
from mana.services.assessments import create_assessment

pytestmark = pytest.mark.django_db

PAGES = ["mana:index", "mana:need-list", "mana:need-board"]
#: The most queries each page may cost for a Region IX officer (10, 11 and 12 today: session, user,
#: permissions, roles, the rows, the filter choices, the place picker; two to spare for the layout).
#: An N+1 over the 27 rows breaks it at once, and the count must not grow with the rows.
BUDGET = {"mana:index": 12, "mana:need-list": 13, "mana:need-board": 14}


def _grow(administrator, officer, n, start=0):
    """``n`` assessments in different Region IX cities, each with its own lead, and a need each
    with an affected community and a vote: every related record differs from row to row."""
    from common.access import MANA_FACILITATOR

    cities = Municipality.objects.for_cascade().filter(province__region__code=personas.REGION_IX).order_by("code")
    for i, city in enumerate(cities[start : start + n], start=start):
        lead = UserFactory(username=f"lead{i}", first_name=f"Lead {i}", roles=[MANA_FACILITATOR])
        assessment = create_assessment(
            user=administrator, title=f"A{i}", level="municipal", municipality=city, lead=lead, start_date="2026-03-01"
        )
        need = need_service.create_need(
            user=administrator, assessment=assessment, category="health", title=f"Need {i}",
            severity=1 + i % 5, urgency=3, feasibility=3,
            affected_communities=[city.barangays.first()] if city.barangays.exists() else [],
        )  # fmt: skip
        need_service.cast_vote(user=officer, need=need)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url_name", PAGES)
def test_list_pages_stay_within_their_query_budget_as_rows_and_relations_grow(
    client, administrator, officer_ix, url_name
):
    _grow(administrator, officer_ix, 2)
    client.force_login(officer_ix)
    url = reverse(url_name)
    client.get(url)  # warm-up: session, roles, caches
    few = _count(client, url)
    _grow(administrator, officer_ix, 25, start=2)
    many = _count(client, url)
    assert many <= few <= BUDGET[url_name], (few, many)
    body = client.get(url).content.decode()
    shown = body.count("data-need=") if url_name == "mana:need-board" else body.count('data-label="Title"')
    assert shown == (27 if url_name == "mana:need-board" else 25)  # the board lists all; the lists a page of 25


def test_the_board_ranks_its_top_rows_as_the_full_ranking_does(administrator, officer_ix):
    _grow(administrator, officer_ix, 6)
    need_service.cast_vote(user=administrator, need=Need.objects.order_by("pk").last())
    everything = [(n.pk, n.rank) for n in selectors.ranked_needs(Need.objects.alive())]
    top = [(n.pk, n.rank) for n in selectors.top_ranked(Need.objects.alive(), 4)]
    assert top == everything[:4] and [rank for _, rank in top] == [1, 2, 3, 4]


def test_the_board_loads_only_what_a_row_shows(client, administrator, officer_ix):
    _grow(administrator, officer_ix, 3)
    client.force_login(officer_ix)
    client.get(reverse("mana:need-board"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("mana:need-board")).content.decode()
    rows = [q["sql"] for q in queries.captured_queries if 'FROM "mana_need"' in q["sql"] and "LIMIT" in q["sql"]]
    assert rows and all("ROW_NUMBER" not in sql and '"description"' not in sql for sql in rows)
    # One vote form for the board; each row's button posts to its need (no per-row form and token).
    assert html.count('form="board-vote"') == 3 and html.count('id="board-vote"') == 1
    assert '/vote/"><input' not in html and html.count("<form") == html.count("</form>") < 6


def _labels(html):
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    first_row = re.search(r"<tbody[^>]*>.*?<tr[^>]*>(.*?)</tr>", table, re.S).group(1)
    return headers, re.findall(r'data-label="([^"]+)"', first_row)


@pytest.mark.parametrize("url_name", ["mana:index", "mana:need-list"])
def test_table_rows_follow_their_columns(client, administrator, officer_ix, url_name):
    """The rows of mana/tables/*.html are written out by hand: their cells must stay in step with
    the Table's columns (a column added to the table and not to the template fails here)."""
    _grow(administrator, officer_ix, 1)
    client.force_login(administrator)
    headers, labels = _labels(client.get(reverse(url_name)).content.decode())
    assert headers and headers == labels


def test_assessment_rows_show_their_lead_area_and_counts(client, administrator, officer_ix):
    _grow(administrator, officer_ix, 1)
    client.force_login(officer_ix)
    html = client.get(reverse("mana:index")).content.decode()
    row = re.search(r'<td data-label="Title">.*?</tr>', html, re.S).group(0)
    assert ">Lead 0" in row and "Region IX" in row and "1 Mar 2026" in row
    assert re.search(r'data-label="Participants">0<', row) and re.search(r'data-label="Needs">1<', row)


def test_participant_rows_follow_their_columns(client, administrator, participant):
    """The participant list's rows are written out too (mana/tables/participants.html)."""
    client.force_login(administrator)
    html = client.get(reverse("mana:participant-list", args=[participant.assessment_id])).content.decode()
    headers, labels = _labels(html)
    assert headers and headers == labels
    row = re.search(r'<td data-label="Name">.*?</tr>', html, re.S).group(0)
    assert participant.name in row and participant.get_absolute_url() in row
    assert str(participant.community) in row and participant.get_sex_display() in row
