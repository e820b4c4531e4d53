"""The AI assistant's settings, read from the environment in fresh interpreters, and the provider choice."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from ai_assistant.providers.base import get_online_provider
from ai_assistant.providers.gemini_setup import describe

SRC = Path(__file__).resolve().parents[2]
AI_VARS = ("GOOGLE_API_KEY", "GEMINI_API_KEY", "GEMINI_MODEL", "GEMINI_BASE_URL", "GOOGLE_GENAI_USE_VERTEXAI",
           "GOOGLE_CLOUD_PROJECT", "AI_TIMEOUT_SECONDS", "AI_DAILY_QUOTA", "AI_AUDIT_CONTENT")  # fmt: skip
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "from ai_assistant.providers.base import get_online_provider as g; "
    "print(repr((s.GOOGLE_API_KEY, s.GEMINI_MODEL, s.AI_TIMEOUT_SECONDS, s.AI_DAILY_QUOTA, s.AI_AUDIT_CONTENT, "
    "type(g()).__name__)))"
)


def probe(**env_overrides) -> tuple:
    env = {k: v for k, v in os.environ.items() if k not in AI_VARS and k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="obc_management.settings", **env_overrides)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=SRC, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_defaults_are_offline_with_a_flash_model():
    key, model, timeout, quota, audit, provider = probe()
    assert (key, provider) == ("", "NoneType")
    assert model.startswith("gemini-") and "flash" in model
    assert (timeout, quota, audit) == (20.0, 50, False)


def test_gemini_api_key_is_accepted_too():
    key, _, timeout, _, audit, provider = probe(
        GEMINI_API_KEY="from-gemini-var", AI_TIMEOUT_SECONDS="7.5", AI_AUDIT_CONTENT="true"
    )
    assert (key, provider, timeout, audit) == ("from-gemini-var", "GeminiProvider", 7.5, True)
    assert probe(GOOGLE_API_KEY="google", GEMINI_API_KEY="gemini")[0] == "google"


def test_vertex_ai_needs_a_project(settings):
    settings.GOOGLE_API_KEY = ""
    settings.GOOGLE_GENAI_USE_VERTEXAI = True
    settings.GOOGLE_CLOUD_PROJECT = ""
    assert get_online_provider() is None
    settings.GOOGLE_CLOUD_PROJECT = "oobc-assistant"
    settings.GOOGLE_CLOUD_LOCATION = "asia-southeast1"
    settings.GEMINI_BASE_URL = ""
    provider = get_online_provider()
    assert provider is not None
    assert describe(provider.config) == f"Vertex AI, model {settings.GEMINI_MODEL}, endpoint Vertex AI asia-southeast1"
