"""Coordination: organizations and contacts, partnerships and agreements, engagements with feedback
and action items, one calendar with iCalendar feeds, and the who-does-what-where (3W) matrix."""

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"
    verbose_name = "Coordination: organizations, partnerships, engagements"

    def ready(self):
        from auditlog.registry import auditlog

        from common.roles import PERSONAL_DATA_MODELS
        from coordination import models as m

        # Focal persons and contacts are personal data: roles without personal-data access get no permission.
        PERSONAL_DATA_MODELS.add("coordination.contact")

        for model in (
            m.Organization, m.Contact, m.Partnership, m.PartnershipParty, m.Signatory, m.Milestone,
            m.PartnershipDocument, m.Engagement, m.Feedback, m.Commitment, m.ActionItem,
        ):  # fmt: skip
            auditlog.register(model)
