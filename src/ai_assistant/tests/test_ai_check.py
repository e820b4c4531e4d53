"""``manage.py ai_check`` against the fake Gemini server: the verdicts and exit statuses."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ai_assistant.models import ProviderCall

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("ai_check", stdout=out)
    return out.getvalue()


def test_not_configured(no_online_provider):
    with pytest.raises(CommandError, match="Not configured: no GOOGLE_API_KEY"):
        run()
    assert not ProviderCall.objects.exists()


def test_ok_names_the_model_and_latency(fake_gemini):
    fake_gemini.script(fake_gemini.text("OK", prompt_tokens=8, output_tokens=1))
    output = run()
    assert output.startswith("OK: Gemini API, model gemini-test, endpoint http://127.0.0.1:")
    assert " ms (8 input and 1 output tokens)" in output
    assert ProviderCall.objects.get().purpose == "check"


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        (lambda f: f.status(400, "API key not valid. Please pass a valid API key."), "FAILED [rejected]"),
        (lambda f: f.status(500), "FAILED [unavailable]"),
        (lambda f: f.malformed(), "FAILED [malformed]"),
        (lambda f: f.delayed(3), "FAILED [timeout]"),
    ],
)
def test_failures_are_one_sentence_and_a_nonzero_exit(fake_gemini, settings, reply, verdict):
    settings.AI_TIMEOUT_SECONDS = 1.0
    fake_gemini.script(*[reply(fake_gemini) for _ in range(3)])
    with pytest.raises(CommandError) as raised:
        run()
    message = str(raised.value)
    assert message.startswith(verdict) and "\n" not in message
    assert ProviderCall.objects.get().outcome != "ok"


def test_exit_status_is_nonzero_from_the_shell(no_online_provider):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as raised:
        ManagementUtility(["manage.py", "ai_check"]).execute()
    assert raised.value.code == 1


def test_api_key_message_names_the_problem(fake_gemini):
    fake_gemini.script(fake_gemini.status(400, "API key not valid. Please pass a valid API key."))
    with pytest.raises(CommandError, match="API key not valid"):
        run()
