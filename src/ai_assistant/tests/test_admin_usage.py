"""The admin shows usage counts of the assistant, never the questions or answers."""

import pytest
from django.urls import reverse

from ai_assistant.services import ask

pytestmark = pytest.mark.django_db


def test_administrator_sees_counts_not_content(client, administrator, officer_ix):
    answer = ask(user=officer_ix, question="Which recommendations are waiting for review?")
    client.force_login(administrator)
    html = client.get(reverse("admin:ai_assistant_conversation_changelist")).content.decode()
    assert str(officer_ix) in html and "waiting for review" not in html
    assert 'class="field-messages">2<' in html
    detail = reverse("admin:ai_assistant_conversation_change", args=[answer.conversation.pk])
    assert "waiting for review" not in client.get(detail, follow=True).content.decode()
    assert client.get("/admin/ai_assistant/message/").status_code == 404
