"""Point existing MANA rows at the barangay OBC profiles of the barangays they name.

Assessments' communities covered and needs' affected communities link every live profile in those
barangays; a participant links its barangay's profile when the barangay has exactly one. The
barangay links stay (they are the place; the profile is the community where one exists). Reverse
clears the profile links, so the data migration can be re-run after a rollback.
"""

from collections import defaultdict

from django.db import migrations


def _profiles_by_barangay(BarangayOBC, barangay_ids):
    found = defaultdict(list)
    rows = (
        BarangayOBC._default_manager.filter(deleted_at__isnull=True, barangay_id__in=barangay_ids)
        .order_by("pk")
        .values_list("barangay_id", "pk")
    )
    for barangay_id, pk in rows:
        found[barangay_id].append(pk)
    return found


def link(apps, schema_editor):
    BarangayOBC = apps.get_model("communities", "BarangayOBC")
    Assessment = apps.get_model("mana", "Assessment")
    Need = apps.get_model("mana", "Need")
    Participant = apps.get_model("mana", "Participant")
    for source, target, owner in (
        (Assessment.communities.through, Assessment.community_profiles.through, "assessment_id"),
        (Need.affected_communities.through, Need.affected_profiles.through, "need_id"),
    ):
        named = list(source._default_manager.values_list(owner, "barangay_id"))
        profiles = _profiles_by_barangay(BarangayOBC, {b for _, b in named})
        links = [target(**{owner: row, "barangayobc_id": pk}) for row, b in named for pk in profiles.get(b, [])]
        target._default_manager.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    barangays = set(Participant._default_manager.exclude(community_id=None).values_list("community_id", flat=True))
    for barangay_id, ids in _profiles_by_barangay(BarangayOBC, barangays).items():
        if len(ids) == 1:
            Participant._default_manager.filter(community_id=barangay_id).update(community_profile_id=ids[0])


def unlink(apps, schema_editor):
    Assessment = apps.get_model("mana", "Assessment")
    Need = apps.get_model("mana", "Need")
    Participant = apps.get_model("mana", "Participant")
    Assessment.community_profiles.through._default_manager.all().delete()
    Need.affected_profiles.through._default_manager.all().delete()
    Participant._default_manager.exclude(community_profile_id=None).update(community_profile_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_alive_obc_id_index"),
        ("mana", "0002_community_profiles"),
    ]

    operations = [migrations.RunPython(link, unlink)]
