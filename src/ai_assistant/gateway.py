"""The one door to an online language model for every caller that is not the chat (drafting, summaries).

    generation = generate_text(user=request.user, purpose="brief-narrative",
                               instructions="Write the brief's narrative from these facts only.",
                               data={"recommendation": {...}, "evidence": [...]})
    text = generation.text if generation else offline_draft(...)

``data`` is what the records say; the gateway removes personal data from it, delimits it as data (not
instructions), checks the user's quota, records the call (user, purpose, tokens, latency, outcome) and
falls back cleanly. ``None`` means no online provider answered (none configured, quota reached,
timeout, error): the caller then uses its own deterministic draft, built from the same facts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Generation:
    text: str
    provider: str  # "gemini"
    model: str = ""


def generate_text(*, user, purpose: str, instructions: str, data: Mapping[str, Any]) -> Generation | None:
    """The online model's text for ``instructions`` over ``data``, or None (see the module doc).

    Order: no provider configured -> None; the user's quota and rate limit
    (``ai_assistant.limits``; a refusal is recorded); then one call without tools, in which the
    provider redacts and delimits ``data`` and records a ``ProviderCall``. Any ``ProviderError``
    (timeout, 429, 5xx, malformed, blocked, quota) gives None, already recorded and logged.
    """
    from ai_assistant import limits
    from ai_assistant.providers.base import ProviderError, get_online_provider

    provider = get_online_provider()
    if provider is None:
        return None
    try:
        limits.check_and_count(user, purpose)
        answer = provider.generate(user=user, purpose=purpose, instructions=instructions, data=data)
    except ProviderError as error:
        logger.info("generate_text(%s): no online draft (%s)", purpose, error.code)
        return None
    return Generation(text=answer.text, provider=answer.provider, model=answer.model)
