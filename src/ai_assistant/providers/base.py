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
    """An online provider did not give a usable answer. ``user_message`` is one plain sentence for the user.

    ``code`` is short and stable (stored in ``ProviderCall.error_code``); ``outcome`` is the
    ``ProviderCall.Outcome`` recorded for the call.
    """

    code = "provider_error"
    outcome = "error"
    user_message = "The online assistant could not answer just now."

    def __init__(self, detail: str = "", *, user_message: str | None = None):
        super().__init__(detail or self.user_message)
        self.detail = detail
        if user_message is not None:
            self.user_message = user_message


class ProviderTimeout(ProviderError):
    code = "timeout"
    outcome = "timeout"
    user_message = "The online assistant took too long to answer."


class ProviderRateLimited(ProviderError):
    """The provider answered 429 (its quota or rate limit) after our retries."""

    code = "provider_rate_limited"
    outcome = "rate_limited"
    user_message = "The online assistant is busy (too many requests); try again in a minute."


class ProviderUnavailable(ProviderError):
    """A 5xx answer after our retries, or the provider could not be reached."""

    code = "unavailable"
    outcome = "unavailable"
    user_message = "The online assistant is unavailable just now."


class ProviderMalformed(ProviderError):
    """An answer that could not be read: not JSON, no candidates, no text."""

    code = "malformed"
    outcome = "malformed"
    user_message = "The online assistant gave an answer that could not be read."


class ProviderBlocked(ProviderError):
    """The provider refused the prompt or stopped the answer (safety, blocklist, recitation...)."""

    code = "blocked"
    outcome = "blocked"
    user_message = "The online assistant declined to answer this question."


class ProviderRejected(ProviderError):
    """A 4xx other than 429: a wrong key, an unknown model, a request the provider refuses (configuration)."""

    code = "rejected"
    outcome = "error"
    user_message = "The online assistant is not set up correctly; an administrator has to check its settings."


class QuotaExceeded(ProviderError):
    """The user's daily quota of online questions is used up (ai_assistant.limits)."""

    code = "daily_quota"
    outcome = "quota"


class RateLimited(ProviderError):
    """The user asked more often than the per-minute limit allows (ai_assistant.limits)."""

    code = "rate_limit"
    outcome = "quota"


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
    latency_ms: int = 0  # wall time of the whole answer (every round and retry)


def get_online_provider():
    """The configured online provider, or None (no key: the offline engine is the default).

    Gemini is configured by ``GOOGLE_API_KEY`` (or ``GEMINI_API_KEY``), or by
    ``GOOGLE_GENAI_USE_VERTEXAI`` with ``GOOGLE_CLOUD_PROJECT`` (Vertex AI).
    """
    from ai_assistant.providers.gemini import GeminiProvider
    from ai_assistant.providers.gemini_setup import gemini_configured

    if not gemini_configured():
        return None
    return GeminiProvider.from_settings()
