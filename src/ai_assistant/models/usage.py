"""The audit log of every call to an online language model: who, why, which model, tokens, cost, outcome.

One row per logical call (a chat answer with all its function-calling rounds and retries, a draft,
a configuration check), written by ``ai_assistant.providers.gemini`` and by ``ai_assistant.limits``
when a user's quota refuses a question. No content is kept unless ``AI_AUDIT_CONTENT`` is on; even
then the usage page never shows it, and the admin shows it only with the ``audit_content``
permission (granted to no role by default).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from common.models.owned import OwnRowsQuerySet


class ProviderCallQuerySet(OwnRowsQuerySet):
    """National roles (Administrator) see every call; anyone else with the permission their own."""


class ProviderCall(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", "Answered"
        TIMEOUT = "timeout", "Timed out"
        RATE_LIMITED = "rate_limited", "Provider rate limit (429)"
        UNAVAILABLE = "unavailable", "Provider unavailable (5xx)"
        MALFORMED = "malformed", "Unreadable answer"
        BLOCKED = "blocked", "Blocked by the provider"
        QUOTA = "quota", "Refused: user's quota or rate limit"
        ERROR = "error", "Other error (configuration)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ai_provider_calls"
    )
    purpose = models.CharField(max_length=60, help_text='What the call was for: "chat", "brief-narrative", "check"...')
    provider = models.CharField(max_length=30, blank=True)
    model = models.CharField(max_length=100, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    estimated_cost = models.DecimalField(
        "estimated cost (USD)",
        max_digits=12,
        decimal_places=6,
        default=Decimal("0"),
        help_text="US dollars, from the tokens and AI_PRICE_*_PER_MILLION_USD at the time of the call.",
    )
    latency_ms = models.PositiveIntegerField(default=0)
    requests = models.PositiveSmallIntegerField(default=0, help_text="HTTP requests made (rounds and retries).")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    error_code = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    #: What was sent and received; only when AI_AUDIT_CONTENT is on (redacted text, never personal data).
    content = models.JSONField(null=True, blank=True)

    objects = ProviderCallQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="ai_call_user_time_idx")]
        permissions = [("audit_content", "Can read the content kept with provider calls")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.get_outcome_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def cost_of(prompt_tokens: int, output_tokens: int) -> Decimal:
        """Estimated US dollars for the tokens at the configured list prices."""
        price_in = Decimal(str(settings.AI_PRICE_INPUT_PER_MILLION_USD))
        price_out = Decimal(str(settings.AI_PRICE_OUTPUT_PER_MILLION_USD))
        cost = (Decimal(prompt_tokens) * price_in + Decimal(output_tokens) * price_out) / Decimal(1_000_000)
        return cost.quantize(Decimal("0.000001"))
