"""What the chat and the drafting gateway expect of an online provider.

provider = get_online_provider()          # None: no key configured (the offline engine answers)
try:
    answer = provider.answer_with_tools(user=user, question=text, history=earlier_turns, tools=TOOLS)
except ProviderError as error:             # timeout, 429, 5xx, malformed or blocked answer
    ... error.user_message, then the offline engine ...
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_assistant.tools.base import ToolResult


class ProviderError(Exception):
    """An online provider did not give a usable answer. ``user_message`` is one plain sentence for the user."""

    code = "provider_error"
    user_message = "The online assistant could not answer just now."


@dataclass
class Turn:
    role: str  # "user" or "assistant"
    text: str


@dataclass
class ProviderAnswer:
    text: str
    tool_results: list[ToolResult] = field(default_factory=list)  # every tool call made, in order
    provider: str = "gemini"
    model: str = ""
    prompt_tokens: int = 0
    output_tokens: int = 0


def get_online_provider():
    """The configured online provider, or None (no key: the offline engine is the default)."""
    return None
