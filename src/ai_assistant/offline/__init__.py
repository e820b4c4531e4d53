"""The offline assistant: deterministic intent matching over the same read-only tools as Gemini.

``answer(user, question)`` → ``OfflineAnswer`` (text, the tool results it used, whether it could answer).
"""

from .engine import SUGGESTED_QUESTIONS, OfflineAnswer, answer

__all__ = ["SUGGESTED_QUESTIONS", "OfflineAnswer", "answer"]
