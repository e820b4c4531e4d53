"""Recommendations move onto ``common.models.VersionedModel``. The content-revision counter (a new
revision after endorsement) was called ``revision``: it becomes ``content_revision``, and the edit
counter ``version`` becomes ``revision`` (the ETag), values kept."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_transition_stage_seconds"),
    ]

    operations = [
        migrations.RenameField(model_name="recommendation", old_name="revision", new_name="content_revision"),
        migrations.RenameField(model_name="recommendation", old_name="version", new_name="revision"),
        migrations.AlterField(
            model_name="recommendation",
            name="content_revision",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="The content's revision: one more for each change after endorsement.",
            ),
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="revision",
            field=models.PositiveIntegerField(
                default=1, editable=False, help_text="Incremented by every edit; the ETag of the record."
            ),
        ),
    ]
