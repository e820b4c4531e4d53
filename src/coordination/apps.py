"""Coordination: organizations and contacts, partnerships and agreements, engagements with feedback
and action items, one calendar with iCalendar feeds, and the who-does-what-where (3W) matrix."""

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"
    verbose_name = "Coordination: organizations, partnerships, engagements"

    def ready(self):
        from auditlog.registry import auditlog

        from common import personal_data
        from coordination import models as m

        # Focal persons and contacts are personal data: roles without personal-data access get no permission.
        personal_data.register(m.Contact, description="Organization focal persons and contacts")
        personal_data.register(m.Feedback, fields=("raised_by_person",), description="Who raised feedback")

        for model in (
            m.Organization, m.Contact, m.Partnership, m.PartnershipParty, m.Signatory, m.Milestone,
            m.PartnershipDocument, m.Engagement, m.Feedback, m.Commitment, m.ActionItem,
        ):  # fmt: skip
            auditlog.register(model)
