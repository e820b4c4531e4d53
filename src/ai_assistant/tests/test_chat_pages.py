"""The chat page: asking through a normal POST and through htmx, conversation privacy, suggested questions."""

import pytest
from django.urls import reverse

from ai_assistant.models import Conversation, Message
from ai_assistant.services import ask

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("ai:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("ai:ask"), {"question": "How many OBCs?"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_user_without_a_role_gets_403(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("ai:index")).status_code == 403


def test_chat_page_shows_the_offline_label_and_suggested_questions(client, officer_ix):
    client.force_login(officer_ix)
    html = client.get(reverse("ai:index")).content.decode()
    assert "Offline assistant" in html
    assert "Which recommendations are waiting for review?" in html
    assert 'hx-post="/assistant/ask/"' in html and "js/assistant.js" in html
    assert "<script>" not in html.replace('<script src="', "")


def test_plain_post_asks_and_redirects_to_the_conversation_with_answer_and_sources(client, officer_ix, world):
    client.force_login(officer_ix)
    question = "How many OBCs are in Zamboanga del Norte and how many people live in them?"
    response = client.post(reverse("ai:ask"), {"question": question})
    conversation = Conversation.objects.get(user=officer_ix)
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    html = client.get(response["Location"]).content.decode()
    assert question in html and "Sources" in html and "Offline assistant" in html
    assert "/communities/barangays/?region=" in html
    answer = conversation.messages.get(role=Message.Role.ASSISTANT)
    assert answer.provider == "offline" and answer.flagged_figures == [] and answer.sources


def test_htmx_post_returns_only_the_new_messages_and_the_conversation_id(client, officer_ix, world):
    client.force_login(officer_ix)
    response = client.post(reverse("ai:ask"), {"question": "Which action items are overdue?"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    conversation = Conversation.objects.get(user=officer_ix)
    assert "<html" not in html and html.count('data-message="') == 2
    assert f'value="{conversation.pk}" hx-swap-oob="true"' in html
    assert "Send the list of madrasah teachers" in html  # Region IX's overdue item
    assert "Ask DPWH about the access road" not in html  # Region XII's is not the officer's


def test_second_question_goes_to_the_same_conversation(client, officer_ix, world):
    client.force_login(officer_ix)
    client.post(reverse("ai:ask"), {"question": "Which action items are overdue?"})
    conversation = Conversation.objects.get(user=officer_ix)
    client.post(reverse("ai:ask"), {"question": "What are the top needs?", "conversation": conversation.pk})
    assert Conversation.objects.filter(user=officer_ix).count() == 1
    assert conversation.messages.count() == 4


def test_empty_question_is_refused_with_a_message(client, officer_ix):
    client.force_login(officer_ix)
    response = client.post(reverse("ai:ask"), {"question": "   "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post(reverse("ai:ask"), {"question": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Retarget"] == "#chat-form-errors"
    assert not Conversation.objects.exists()


def test_another_user_administrator_included_gets_404_on_a_conversation(client, officer_ix, officer_xii,
                                                                         administrator):  # fmt: skip
    answer = ask(user=officer_ix, question="What is the population of Dapitan?")
    url = answer.conversation.get_absolute_url()
    for other in (officer_xii, administrator):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert (
            client.post(reverse("ai:ask"), {"question": "More?", "conversation": answer.conversation.pk}).status_code
            == 404
        )
        assert client.post(reverse("ai:conversation-delete", args=[answer.conversation.pk])).status_code == 404
        assert "population of Dapitan" not in client.get(reverse("ai:index")).content.decode()
    client.force_login(officer_ix)
    assert client.get(url).status_code == 200


def test_owner_deletes_a_conversation(client, officer_ix):
    answer = ask(user=officer_ix, question="Which action items are overdue?")
    client.force_login(officer_ix)
    response = client.post(reverse("ai:conversation-delete", args=[answer.conversation.pk]))
    assert response.status_code == 302 and not Conversation.objects.exists()


def test_conversation_list_is_paginated(client, officer_ix):
    for i in range(23):
        Conversation.objects.create(user=officer_ix, title=f"Question {i:02d}")
    client.force_login(officer_ix)
    html = client.get(reverse("ai:index")).content.decode()
    assert "1 / 2" in html and html.count('href="/assistant/conversations/') == 20
    assert client.get(reverse("ai:index") + "?page=2").content.decode().count('href="/assistant/conversations/') == 3


def test_flagged_figures_are_shown_under_the_answer(client, officer_ix):
    answer = ask(user=officer_ix, question="Which action items are overdue?")
    Message.objects.filter(pk=answer.pk).update(flagged_figures=["4,321"])
    client.force_login(officer_ix)
    html = client.get(answer.conversation.get_absolute_url()).content.decode()
    assert "These figures do not appear in the data: 4,321" in html


def test_navigation_links_to_the_assistant(client, officer_ix):
    client.force_login(officer_ix)
    assert 'href="/assistant/">AI assistant</a>' in client.get("/").content.decode()


def test_text_from_users_and_records_is_escaped(client, officer_ix):
    answer = ask(user=officer_ix, question="<script>alert(1)</script> How many OBCs?")
    client.force_login(officer_ix)
    html = client.get(answer.conversation.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_chat_page_costs_the_same_with_more_conversations_and_messages(
    client, officer_ix, django_assert_max_num_queries
):
    first = ask(user=officer_ix, question="Which action items are overdue?")
    client.force_login(officer_ix)
    url = first.conversation.get_absolute_url()
    client.get(url)  # warm-up (session, roles)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for i in range(15):
        ask(user=officer_ix, question=f"Which action items are overdue? ({i})", conversation=first.conversation)
        Conversation.objects.create(user=officer_ix, title=f"Other {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
