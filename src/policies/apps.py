"""Policy recommendations: the record, an enforced review workflow, the evidence chain back to MANA
needs and communities (docs/policies.md)."""

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "policies"
    verbose_name = "Policies: recommendations, review workflow, evidence"

    def ready(self):
        from auditlog.registry import auditlog

        from policies import models as m

        auditlog.register(m.Recommendation, m2m_fields={"communities", "responsible_organizations",
                                                        "partner_organizations"})  # fmt: skip
        auditlog.register(m.Evidence, exclude_fields=["file"])
        auditlog.register(m.ImplementationDocument, exclude_fields=["file"])
        auditlog.register(m.ImplementationMilestone)
