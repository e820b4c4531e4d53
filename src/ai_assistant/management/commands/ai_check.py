"""``manage.py ai_check``: one real call to the configured online model, and a clear verdict.

Exit status 0 when the model answered; 1 when it is not configured (the assistant runs offline)
or the call failed (the failure in one sentence). The call is recorded like any other (purpose "check").
"""

from django.core.management.base import BaseCommand, CommandError

from ai_assistant.providers.base import ProviderError, get_online_provider
from ai_assistant.providers.gemini_setup import describe


class Command(BaseCommand):
    help = "Check the AI assistant's online model with one real call and print a verdict."

    def handle(self, *args, **options):
        provider = get_online_provider()
        if provider is None:
            raise CommandError(
                "Not configured: no GOOGLE_API_KEY (or GEMINI_API_KEY), and no Vertex AI project "
                "(GOOGLE_GENAI_USE_VERTEXAI with GOOGLE_CLOUD_PROJECT); the assistant answers offline."
            )
        where = describe(provider.config)
        try:
            answer = provider.check()
        except ProviderError as error:
            detail = f" ({error.detail})" if error.detail and error.detail != error.user_message else ""
            raise CommandError(f"FAILED [{error.code}] {where}: {error.user_message}{detail}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {where} answered in {answer.latency_ms} ms "
                f"({answer.prompt_tokens} input and {answer.output_tokens} output tokens)."
            )
        )
