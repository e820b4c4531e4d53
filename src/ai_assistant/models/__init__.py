"""The AI assistant's records: conversations and their messages (chat.py), the audit log of provider calls
(usage.py), drafts awaiting review (drafts.py)."""

from ai_assistant.models.chat import Conversation, Message
from ai_assistant.models.drafts import Draft, DraftKind, DraftProvider, DraftStatus, ItemStatus
from ai_assistant.models.usage import ProviderCall

__all__ = [
    "Conversation",
    "Draft",
    "DraftKind",
    "DraftProvider",
    "DraftStatus",
    "ItemStatus",
    "Message",
    "ProviderCall",
]
