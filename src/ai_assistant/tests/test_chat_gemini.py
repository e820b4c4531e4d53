"""The chat with Gemini configured, end to end over the fake Gemini server and the REAL tools: the model asks for
tools, the tools answer with the asking user's scope, the answer is stored with its sources and its figures
checked; an officer of Region IX asking about Region XII sends nothing of Region XII; personal data typed into a
question never leaves; the quota and a failing provider fall back to the offline engine with a plain notice."""

import pytest
from django.db.models import Sum

from ai_assistant.models import Message, ProviderCall
from ai_assistant.services import ask
from communities.models import BarangayOBC

pytestmark = pytest.mark.django_db


def region_rows(world, region):
    return BarangayOBC.objects.filter(province__region=region)


def test_a_question_runs_the_real_tool_and_the_answer_keeps_its_sources(world, officer_ix, fake_gemini):
    zdn = BarangayOBC.objects.filter(province=world.zdn)
    count, people = zdn.count(), zdn.aggregate(total=Sum("estimated_obc_population"))["total"]
    assert count == 6 and people > 0  # the world: 3 + 1 in Dapitan, 2 elsewhere in the province
    fake_gemini.script(
        fake_gemini.function_call("area_summary", {"place": "Zamboanga del Norte"}),
        fake_gemini.text(f"Zamboanga del Norte has {count} OBC communities with {people:,} people."),
    )
    answer = ask(user=officer_ix, question="How many OBCs are in Zamboanga del Norte and how many people live there?")
    assert answer.provider == Message.Provider.GEMINI and answer.notice == ""
    assert answer.flagged_figures == []
    assert any("/communities/" in source["url"] for source in answer.sources)
    # The second request carried the tool's result, with the figures from the database.
    returned = fake_gemini.requests[1].function_responses()
    assert len(returned) == 1 and returned[0]["name"] == "area_summary"
    assert f'"obc_communities": {count}' in fake_gemini.sent()
    assert ProviderCall.objects.filter(user=officer_ix, purpose="chat", outcome="ok").count() == 1


def test_an_invented_figure_is_flagged(world, officer_ix, fake_gemini):
    fake_gemini.script(
        fake_gemini.function_call("area_summary", {"place": "Zamboanga del Norte"}),
        fake_gemini.text("Zamboanga del Norte has 9,731 OBC communities."),
    )
    answer = ask(user=officer_ix, question="How many OBCs are in Zamboanga del Norte?")
    assert answer.flagged_figures == ["9,731"]


def test_officer_of_region_ix_asking_about_region_xii_sends_no_region_xii_row(world, officer_ix, fake_gemini):
    xii = list(region_rows(world, world.region_xii).select_related("barangay"))
    assert xii
    fake_gemini.script(
        fake_gemini.function_calls(
            ("count_communities", {"place": "South Cotabato", "group_by": "barangay"}),
            ("count_communities", {"group_by": "barangay"}),
            ("mana_needs", {"place": "Region XII", "limit": 10}),
            ("recommendations", {}),
            ("partnerships", {}),
        ),
        fake_gemini.text("I can only see Region IX."),
    )
    answer = ask(user=officer_ix, question="List the OBCs and top needs of Region XII.")
    sent = fake_gemini.sent()
    ix = region_rows(world, world.region_ix).select_related("barangay")
    assert any(row.barangay.code in sent or row.barangay.name in sent for row in ix)  # the tools did answer
    for row in xii:
        assert row.obc_id not in sent and row.barangay.code not in sent
    for words in ("Koronadal MANA", "Access road for Koronadal", "MOA on day-care centres"):
        assert words not in sent
    assert not any("koronadal" in source["label"].lower() for source in answer.sources)


def test_personal_data_typed_into_a_question_never_reaches_the_provider(world, officer_ix, fake_gemini):
    fake_gemini.script(fake_gemini.text("I cannot look people up."))
    ask(
        user=officer_ix,
        question="Call 0917 123 4567 or write to amina.hadjiri@example.org about the Dapitan needs.",
    )
    sent = fake_gemini.sent()
    assert "4567" not in sent and "amina.hadjiri" not in sent
    assert "Dapitan" in sent  # the rest of the question went


def test_quota_reached_answers_offline_with_the_quota_message(world, officer_ix, fake_gemini, settings):
    settings.AI_DAILY_QUOTA = 1
    fake_gemini.script(fake_gemini.text("Region IX has OBC communities."))
    first = ask(user=officer_ix, question="Which action items are overdue?")
    received = len(fake_gemini.requests)
    second = ask(user=officer_ix, question="Which action items are overdue?")
    assert first.provider == Message.Provider.GEMINI
    assert second.provider == Message.Provider.OFFLINE and "1 question" in second.notice
    assert "offline assistant answered" in second.notice
    assert len(fake_gemini.requests) == received  # the second question never left


@pytest.mark.parametrize("failure", ["status_500", "status_429", "malformed", "blocked"])
def test_a_failing_provider_falls_back_to_the_offline_engine(world, officer_ix, fake_gemini, failure):
    reply = {
        "status_500": lambda: fake_gemini.status(500),
        "status_429": lambda: fake_gemini.status(429),
        "malformed": fake_gemini.malformed,
        "blocked": fake_gemini.blocked,
    }[failure]
    fake_gemini.script(*(reply() for _ in range(5)))
    answer = ask(user=officer_ix, question="Which action items are overdue?")
    assert answer.provider == Message.Provider.OFFLINE
    assert answer.notice.endswith("The offline assistant answered instead.")
    assert "Send the list of madrasah teachers" in answer.text  # the offline engine's real answer
    assert ProviderCall.objects.filter(user=officer_ix).exclude(outcome="ok").count() == 1
