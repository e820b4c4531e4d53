"""The chat: a question goes to the online provider when one is configured, else (or when it fails) to the
offline engine; the answer is stored with its sources, its provider and the figures the number check could not
find in the tool results.

Both providers use the same read-only tools with the asking user's scope (``ai_assistant.tools.registry``).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ai_assistant import limits, offline
from ai_assistant.models import Conversation, Message
from ai_assistant.numbers import unsupported_figures
from ai_assistant.providers.base import ProviderError, Turn, get_online_provider
from ai_assistant.tools.registry import TOOLS
from common.access import permission_allows

MAX_QUESTION_LENGTH = 1000
HISTORY_TURNS = 10
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(text) -> str:
    if not isinstance(text, str):
        raise ValidationError({"question": "Write the question as text."})
    text = text.strip()
    if not text:
        raise ValidationError({"question": "Write a question."})
    if len(text) > MAX_QUESTION_LENGTH:
        raise ValidationError({"question": f"Keep the question under {MAX_QUESTION_LENGTH} characters."})
    if CONTROL.search(text):
        raise ValidationError({"question": "The question contains control characters."})
    return text


def _require(user, action: str) -> None:
    if not permission_allows(user, Conversation, action):
        raise PermissionDenied("Your role does not include the assistant.")


def start_conversation(*, user, title: str = "") -> Conversation:
    _require(user, "add")
    title = " ".join(str(title or "").split())[:200]
    if CONTROL.search(title):
        raise ValidationError({"title": "The title contains control characters."})
    return Conversation.objects.create(user=user, title=title)


def _history(conversation: Conversation) -> list[Turn]:
    rows = list(conversation.messages.order_by("-created_at", "-pk").values_list("role", "text")[:HISTORY_TURNS])
    return [Turn(role=role, text=text) for role, text in reversed(rows)]


def _answer(user, question: str, history: list[Turn]):
    """(text, tool results, provider, notice)."""
    provider = get_online_provider()
    notice = ""
    if provider is not None:
        try:
            limits.check_and_count(user, "chat")  # quota and rate limit: a refusal is a ProviderError too
            answer = provider.answer_with_tools(user=user, question=question, history=history, tools=TOOLS)
            return answer.text, answer.tool_results, Message.Provider.GEMINI, ""
        except ProviderError as error:
            notice = f"{error.user_message} The offline assistant answered instead."
    result = offline.answer(user, question)
    return result.text, result.tool_results, Message.Provider.OFFLINE, notice


def _sources(tool_results) -> list[dict]:
    seen, out = set(), []
    for result in tool_results:
        for source in getattr(result, "sources", ()):
            if source.url not in seen:
                seen.add(source.url)
                out.append({"label": source.label, "url": source.url})
    return out


def ask(*, user, question, conversation: Conversation | None = None) -> Message:
    """Ask ``question`` in ``conversation`` (a new one when None); returns the stored answer."""
    _require(user, "add")
    question = clean_question(question)
    if conversation is None:
        conversation = start_conversation(user=user, title=question[:80])
    elif not Conversation.objects.for_user(user, "view").filter(pk=conversation.pk).exists():
        raise PermissionDenied("This conversation is not yours.")
    history = _history(conversation)
    text, tool_results, provider, notice = _answer(user, question, history)
    with transaction.atomic():
        Message.objects.create(conversation=conversation, role=Message.Role.USER, text=question)
        answer = Message.objects.create(
            conversation=conversation,
            role=Message.Role.ASSISTANT,
            text=text,
            sources=_sources(tool_results),
            provider=provider,
            flagged_figures=unsupported_figures(text, tool_results),
            notice=notice[:300],
        )
        fields = {"updated_at": timezone.now()}
        if not conversation.title:
            fields["title"] = question[:80]
        Conversation.objects.filter(pk=conversation.pk).update(**fields)
    return answer


def delete_conversation(*, user, conversation: Conversation) -> None:
    if not Conversation.objects.for_user(user, "delete").filter(pk=conversation.pk).exists():
        raise PermissionDenied("This conversation is not yours.")
    conversation.delete()
