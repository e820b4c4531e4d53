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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Generation:
    text: str
    provider: str  # "gemini"
    model: str = ""


def generate_text(*, user, purpose: str, instructions: str, data: Mapping[str, Any]) -> Generation | None:
    """Until the provider layer lands (issue 12, items 1, 5 and 6), no online provider is configured."""
    return None
