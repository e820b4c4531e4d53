from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    verbose_name = "Communities: barangay OBCs and coverage"

    def ready(self):
        from auditlog.registry import auditlog

        from common.roles import PERSONAL_DATA_MODELS
        from communities.models import (
            ROLLUP_FIELDS,
            BarangayOBC,
            CommunityLeader,
            MunicipalCoverage,
            ProvincialCoverage,
        )

        # Leaders and contacts are personal data: roles without personal-data access get no permission on them.
        PERSONAL_DATA_MODELS.add("communities.communityleader")

        auditlog.register(BarangayOBC)
        auditlog.register(CommunityLeader)
        # Rolled-up figures follow the profiles (whose own history is logged); log the curated fields.
        auditlog.register(MunicipalCoverage, exclude_fields=list(ROLLUP_FIELDS))
        auditlog.register(ProvincialCoverage, exclude_fields=[*ROLLUP_FIELDS, "municipality_count"])
