from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    verbose_name = "Communities: barangay OBCs and coverage"

    def ready(self):
        from auditlog.registry import auditlog

        from common import personal_data
        from communities.models import (
            ROLLUP_FIELDS,
            BarangayOBC,
            CommunityLeader,
            MunicipalCoverage,
            ProvincialCoverage,
        )

        # Leaders and contacts are personal data: roles without personal-data access get no permission on them.
        personal_data.register(CommunityLeader, description="Community leaders and contacts")
        for coverage in (MunicipalCoverage, ProvincialCoverage):
            personal_data.register(coverage, fields=("focal_persons",), description="Coverage focal persons")

        auditlog.register(BarangayOBC)
        auditlog.register(CommunityLeader)
        # Rolled-up figures follow the profiles (whose own history is logged); log the curated fields.
        auditlog.register(MunicipalCoverage, exclude_fields=list(ROLLUP_FIELDS))
        auditlog.register(ProvincialCoverage, exclude_fields=[*ROLLUP_FIELDS, "municipality_count", "breakdown"])
