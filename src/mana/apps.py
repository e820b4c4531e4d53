from django.apps import AppConfig


class ManaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mana"
    verbose_name = "MANA: mapping and needs assessment"

    def ready(self):
        from auditlog.registry import auditlog

        from common import personal_data
        from mana import models as m

        # Participants (names, contacts, ages) are personal data (RA 10173).
        personal_data.register(m.Participant, description="MANA participants (names, contacts, ages)")

        auditlog.register(m.Assessment, m2m_fields={"communities", "facilitators"})
        auditlog.register(m.Participant)
        auditlog.register(m.Instrument)
        auditlog.register(m.InstrumentVersion)
        auditlog.register(m.Question)
        auditlog.register(m.Session)
        auditlog.register(m.Response)
        auditlog.register(m.Need, m2m_fields={"affected_communities"})
        auditlog.register(m.PriorityWeights)
