"""The chat service: the offline engine answers when no online provider is configured; when one is configured
and fails, the offline engine answers with the provider's plain message; figures the provider invents are
flagged. (The online provider here is a stand-in for the interface in providers/base.py; the Gemini provider is
tested against the fake Gemini server in its own tests.)"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ai_assistant.models import Message
from ai_assistant.providers.base import ProviderAnswer, ProviderError
from ai_assistant.services import ask, start_conversation
from ai_assistant.services import chat as chat_service
from ai_assistant.tools.registry import TOOLS, run_tool

pytestmark = pytest.mark.django_db


class Unavailable(ProviderError):
    user_message = "The online assistant took too long to answer."


class StandIn:
    """Answers with a fixed text after running one real tool for the asking user."""

    def __init__(self, text="", fail=False):
        self.text, self.fail, self.calls = text, fail, []

    def answer_with_tools(self, *, user, question, history, tools):
        self.calls.append({"user": user, "question": question, "history": history, "tools": tools})
        if self.fail:
            raise Unavailable()
        return ProviderAnswer(text=self.text, tool_results=[run_tool(user, "action_items", {})], model="stand-in")


def test_without_a_provider_the_offline_engine_answers(world, officer_ix):
    answer = ask(user=officer_ix, question="Which action items are overdue?")
    assert answer.provider == Message.Provider.OFFLINE and answer.notice == ""
    assert "Send the list of madrasah teachers" in answer.text and answer.flagged_figures == []
    assert answer.conversation.title == "Which action items are overdue?"


def test_a_failing_provider_falls_back_to_the_offline_engine_with_its_message(world, officer_ix, monkeypatch):
    provider = StandIn(fail=True)
    monkeypatch.setattr(chat_service, "get_online_provider", lambda: provider)
    answer = ask(user=officer_ix, question="Which action items are overdue?")
    assert provider.calls and provider.calls[0]["tools"] is TOOLS and provider.calls[0]["user"] == officer_ix
    assert answer.provider == Message.Provider.OFFLINE
    assert answer.notice.startswith("The online assistant took too long to answer.")
    assert "Send the list of madrasah teachers" in answer.text


def test_a_provider_answer_is_stored_with_invented_figures_flagged(world, officer_ix, monkeypatch):
    provider = StandIn(text="There is 1 overdue action item out of 2 open ones, and 37 more next month.")
    monkeypatch.setattr(chat_service, "get_online_provider", lambda: provider)
    answer = ask(user=officer_ix, question="Which action items are overdue?")
    assert answer.provider == Message.Provider.GEMINI and answer.flagged_figures == ["37"]
    assert any(source["url"].startswith("/coordination/actions/") for source in answer.sources)


def test_history_is_passed_to_the_provider(world, officer_ix, monkeypatch):
    first = ask(user=officer_ix, question="Which action items are overdue?")
    provider = StandIn(text="Still 1.")
    monkeypatch.setattr(chat_service, "get_online_provider", lambda: provider)
    ask(user=officer_ix, question="And now?", conversation=first.conversation)
    history = provider.calls[0]["history"]
    assert [turn.role for turn in history] == ["user", "assistant"] and history[0].text == first.conversation.title


def test_questions_are_validated_and_conversations_are_private(officer_ix, officer_xii, outsider):
    with pytest.raises(ValidationError):
        ask(user=officer_ix, question="   ")
    with pytest.raises(ValidationError):
        ask(user=officer_ix, question="x" * 1001)
    mine = start_conversation(user=officer_ix, title="Mine")
    with pytest.raises(PermissionDenied):
        ask(user=officer_xii, question="What is in it?", conversation=mine)
    with pytest.raises(PermissionDenied):
        ask(user=outsider, question="Which action items are overdue?")
    assert not Message.objects.exists()
