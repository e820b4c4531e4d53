"""Background jobs of the AI assistant (autodiscovered by ``common.services.jobs``)."""

from ai_assistant.drafting.jobs import write_draft  # noqa: F401
