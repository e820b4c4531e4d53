"""The editable records move onto ``common.models.VersionedModel``: their ``version`` column becomes
``revision`` (same meaning: the edit counter and ETag), values kept."""

from django.db import migrations, models

MODELS = ("organization", "contact", "partnership", "engagement", "actionitem")
REVISION = models.PositiveIntegerField(
    default=1, editable=False, help_text="Incremented by every edit; the ETag of the record."
)


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
    ]

    operations = [
        *[migrations.RenameField(model_name=m, old_name="version", new_name="revision") for m in MODELS],
        *[migrations.AlterField(model_name=m, name="revision", field=REVISION) for m in MODELS],
    ]
