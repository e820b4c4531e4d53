"""Fixtures of the assistant's tests. ``fake_gemini``: a running fake Gemini server with the provider
pointed at it (see fake_gemini.py)."""

import pytest

from ai_assistant.tests.fake_gemini import FakeGemini


@pytest.fixture
def fake_gemini(settings):
    """A fake Gemini API on 127.0.0.1 and the settings that send the provider there.

    Short timeout and backoff so failure tests are quick; generous limits so only the limit tests
    meet them. Script replies with ``fake_gemini.script(...)``; read ``fake_gemini.requests``.
    """
    server = FakeGemini().start()
    settings.GOOGLE_API_KEY = "fake-key-for-tests"
    settings.GOOGLE_GENAI_USE_VERTEXAI = False
    settings.GEMINI_BASE_URL = server.base_url
    settings.GEMINI_MODEL = "gemini-test"
    settings.AI_TIMEOUT_SECONDS = 3.0
    settings.AI_MAX_RETRIES = 2
    settings.AI_RETRY_BASE_DELAY = 0.02
    settings.AI_MAX_TOOL_ROUNDS = 4
    settings.AI_DAILY_QUOTA = 1000
    settings.AI_RATE_LIMIT_PER_MINUTE = 1000
    settings.AI_AUDIT_CONTENT = False
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def no_online_provider(settings):
    """No key, no Vertex project: the assistant is offline."""
    settings.GOOGLE_API_KEY = ""
    settings.GOOGLE_GENAI_USE_VERTEXAI = False
    settings.GOOGLE_CLOUD_PROJECT = ""
