"""The AI assistant's records: conversations and provider calls (chat.py), drafts awaiting review (drafts.py),
the audit log of provider calls (usage.py)."""

from ai_assistant.models.usage import ProviderCall

__all__ = ["ProviderCall"]
