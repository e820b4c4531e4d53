"""The AI assistant's records: conversations and provider calls (chat.py), drafts awaiting review (drafts.py)."""

from .drafts import Draft, DraftKind, DraftProvider, DraftStatus, ItemStatus  # noqa: F401
