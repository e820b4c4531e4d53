"""/api/v1/ai/: own conversations only, questions answered with sources, one error body, the schema."""

import pytest
from rest_framework.test import APIClient

from ai_assistant.models import Conversation, Message
from ai_assistant.services import ask

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ai/conversations/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_gets_401():
    assert api().get(BASE).status_code == 401
    assert api().post(BASE, {"title": "x"}, format="json").status_code == 401


def test_user_without_a_role_gets_403(outsider):
    response = api(outsider).get(BASE)
    assert response.status_code == 403 and set(response.json()) >= {"detail", "code", "errors"}


def test_create_ask_and_read_messages(officer_ix, world):
    client = api(officer_ix)
    created = client.post(BASE, {"title": "Planning"}, format="json")
    assert created.status_code == 201 and created.json()["title"] == "Planning"
    pk = created.json()["id"]
    response = client.post(f"{BASE}{pk}/messages/", {"question": "Which action items are overdue?"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["role"] == "assistant" and body["provider"] == "offline" and body["flagged_figures"] == []
    assert "Send the list of madrasah teachers" in body["text"]
    assert any(source["url"].startswith("/coordination/actions/") for source in body["sources"])
    listing = client.get(f"{BASE}{pk}/messages/").json()
    assert [m["role"] for m in listing["results"]] == ["user", "assistant"]
    assert client.get(f"{BASE}{pk}/").json()["message_count"] == 2


def test_lists_only_own_conversations(officer_ix, officer_xii):
    ask(user=officer_ix, question="Which action items are overdue?")
    ask(user=officer_xii, question="What are the top needs?")
    results = api(officer_ix).get(BASE).json()["results"]
    assert [c["title"] for c in results] == ["Which action items are overdue?"]


def test_another_user_administrator_included_gets_404(officer_ix, officer_xii, administrator):
    conversation = ask(user=officer_ix, question="Which action items are overdue?").conversation
    for other in (officer_xii, administrator):
        client = api(other)
        assert client.get(f"{BASE}{conversation.pk}/").status_code == 404
        assert client.get(f"{BASE}{conversation.pk}/messages/").status_code == 404
        response = client.post(f"{BASE}{conversation.pk}/messages/", {"question": "And?"}, format="json")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert client.delete(f"{BASE}{conversation.pk}/").status_code == 404
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_owner_deletes_a_conversation(officer_ix):
    conversation = ask(user=officer_ix, question="Which action items are overdue?").conversation
    assert api(officer_ix).delete(f"{BASE}{conversation.pk}/").status_code == 204
    assert not Conversation.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "question"), ({"question": 5}, "question"), ({"question": ""}, "question"),
     ({"question": "x" * 1001}, "question")],
)  # fmt: skip
def test_bad_questions_are_refused_with_field_errors(officer_ix, body, field):
    pk = api(officer_ix).post(BASE, {}, format="json").json()["id"]
    response = api(officer_ix).post(f"{BASE}{pk}/messages/", body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Message.objects.exists()


def test_control_characters_are_refused_at_the_edge(officer_ix):
    pk = api(officer_ix).post(BASE, {}, format="json").json()["id"]
    response = api(officer_ix).post(f"{BASE}{pk}/messages/", {"question": "bad\x07text"}, format="json")
    assert response.status_code == 400 and "control characters" in response.json()["detail"]
    assert not Message.objects.exists()


def test_title_must_be_text(officer_ix):
    response = api(officer_ix).post(BASE, {"title": 12}, format="json")
    assert response.status_code == 400 and "title" in response.json()["errors"]


def test_schema_documents_the_conversation_endpoints(officer_ix):
    schema = api(officer_ix).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/ai/conversations/" in paths and "/api/v1/ai/conversations/{id}/messages/" in paths
    ask_op = paths["/api/v1/ai/conversations/{id}/messages/"]["post"]
    assert "201" in ask_op["responses"] and "404" in ask_op["responses"]
    assert "AskRequest" in str(ask_op["requestBody"])


def test_question_messages_have_an_empty_provider_that_the_schema_allows(officer_ix):
    conversation = ask(user=officer_ix, question="Which action items are overdue?").conversation
    question = api(officer_ix).get(f"{BASE}{conversation.pk}/messages/").json()["results"][0]
    assert question["role"] == "user" and question["provider"] == ""
    schema = api(officer_ix).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    provider = schema["components"]["schemas"]["Message"]["properties"]["provider"]
    schemas = schema["components"]["schemas"]
    enums = [schemas[ref["$ref"].rsplit("/", 1)[1]]["enum"] for ref in provider["oneOf"]]
    assert [""] in enums and any("offline" in enum for enum in enums)
