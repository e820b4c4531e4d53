"""The AI assistant's records: conversations and provider calls (chat.py), drafts awaiting review (drafts.py)."""

from .chat import Conversation, Message  # noqa: F401
