"""Move MANA's participant export log into the one personal-data log (common.PersonalDataExport)."""

from django.db import migrations


def copy_exports(apps, schema_editor):
    Old = apps.get_model("mana", "PersonalDataExport")
    New = apps.get_model("common", "PersonalDataExport")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    assessment_type, _ = ContentType.objects.get_or_create(app_label="mana", model="assessment")
    New.objects.bulk_create(
        [
            New(
                user_id=old.user_id,
                username=old.user.username if old.user_id else "",
                at=old.at,
                what="mana.participant",
                description=f"Participants of the MANA assessment “{old.assessment.title}”",
                channel="download",
                file_format=old.file_format,
                row_count=old.row_count,
                filters=old.filters,
                target_type=assessment_type,
                target_id=str(old.assessment_id),
                target_label=old.assessment.title[:300],
            )
            for old in Old.objects.select_related("user", "assessment").iterator()
        ],
        batch_size=500,
    )


def copy_back(apps, schema_editor):
    New = apps.get_model("common", "PersonalDataExport")
    Old = apps.get_model("mana", "PersonalDataExport")
    Assessment = apps.get_model("mana", "Assessment")
    existing = set(Assessment.objects.values_list("pk", flat=True))
    for new in New.objects.filter(what="mana.participant", target_type__model="assessment"):
        if new.target_id.isdigit() and int(new.target_id) in existing:
            Old.objects.create(user_id=new.user_id, assessment_id=int(new.target_id), at=new.at,
                               file_format=new.file_format, row_count=new.row_count, filters=new.filters)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("mana", "0001_initial"),
        ("common", "0003_personal_data_exports"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_exports, copy_back),
        migrations.DeleteModel(name="PersonalDataExport"),
    ]
