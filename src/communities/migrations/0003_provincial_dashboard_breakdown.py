"""ProvincialCoverage.breakdown: the dashboard's per-province figures, kept by the roll-up.

The data step fills it for existing rows from the live profiles, with the same two grouped queries
as ``communities.services.coverage.province_breakdowns`` (written out here so the migration does
not depend on code that may change later).
"""

from django.db import migrations, models
from django.db.models import Count, Q, Sum

ACCESS_FIELDS = (
    "access_formal_education",
    "access_als",
    "access_madrasah",
    "access_health",
    "access_water",
    "access_sanitation",
    "access_electricity",
    "access_roads",
    "access_communication",
)


def fill_breakdowns(apps, schema_editor):
    BarangayOBC = apps.get_model("communities", "BarangayOBC")
    ProvincialCoverage = apps.get_model("communities", "ProvincialCoverage")
    live = BarangayOBC._base_manager.filter(deleted_at__isnull=True).order_by()
    result = {}
    for row in live.values("province_id", "primary_ethnolinguistic_group").annotate(
        n=Count("pk"), population=Sum("estimated_obc_population")
    ):
        groups = result.setdefault(row["province_id"], {"groups": {}, "access": {}})["groups"]
        groups[row["primary_ethnolinguistic_group"]] = [row["n"], row["population"] or 0]
    aggregates = {}
    for field in ACCESS_FIELDS:
        aggregates[f"{field}__sum"] = Sum(field)
        aggregates[f"{field}__n"] = Count("pk", filter=Q(**{f"{field}__isnull": False}))
    for row in live.values("province_id").annotate(**aggregates):
        result.setdefault(row["province_id"], {"groups": {}, "access": {}})["access"] = {
            field: [row[f"{field}__sum"] or 0, row[f"{field}__n"]] for field in ACCESS_FIELDS
        }
    for coverage in ProvincialCoverage._base_manager.all():
        coverage.breakdown = result.get(coverage.province_id, {"groups": {}, "access": {}})
        coverage.save(update_fields=["breakdown"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_alive_obc_id_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="provincialcoverage",
            name="breakdown",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(fill_breakdowns, migrations.RunPython.noop),
    ]
