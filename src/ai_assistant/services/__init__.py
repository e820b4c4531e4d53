"""Writes of the assistant: asking a question in a conversation, deleting a conversation."""

from .chat import MAX_QUESTION_LENGTH, ask, delete_conversation, start_conversation

__all__ = ["MAX_QUESTION_LENGTH", "ask", "delete_conversation", "start_conversation"]
