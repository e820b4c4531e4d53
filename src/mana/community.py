"""The ONE place MANA names what a "community" is.

A community is picked as its PSGC barangay (``COMMUNITY_MODEL``, what the place pickers offer),
and points at the barangay OBC profile(s) of ``communities`` where one exists:

* an assessment's ``communities`` (barangays) → ``community_profiles``: every profile in them;
* a need's ``affected_communities`` → ``affected_profiles``: every profile in them;
* a participant's ``community`` → ``community_profile``: the profile chosen on the participant's
  page, or the barangay's profile when it has exactly one (several OBCs: no guess).

The barangay stays where no profile exists. The links are kept by ``link_*`` below, called by the
MANA services on every write and by ``communities.services`` when a profile is created or moved
(``link_new_profiles``), so a community's page can read its MANA history by profile.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

COMMUNITY_MODEL = "common.Barangay"
PROFILE_MODEL = "communities.BarangayOBC"

#: Path from a community row to ``common.Province`` (for area checks).
COMMUNITY_PROVINCE_LOOKUP = "municipality__province"


def community_queryset():
    from django.apps import apps

    return apps.get_model(COMMUNITY_MODEL).objects.select_related("municipality__province")


def community_label(community) -> str:
    if community is None:
        return ""
    municipality = getattr(community, "municipality", None)
    return f"{community.name}, {municipality.name}" if municipality else community.name


def community_province(community):
    return community.municipality.province


def community_in_area(community, assessment) -> bool:
    """The community lies inside the assessment's area (municipality, province or region)."""
    municipality = community.municipality
    if assessment.municipality_id:
        return assessment.municipality_id in (municipality.pk, municipality.parent_city_id)
    province = municipality.province
    if assessment.province_id:
        return province.pk == assessment.province_id
    return province.region_id == assessment.region_id


def _profiles():
    from django.apps import apps

    return apps.get_model(PROFILE_MODEL).objects.filter(deleted_at__isnull=True)


def profiles_by_barangay(barangay_ids) -> dict[int, list[int]]:
    """Alive OBC profile ids per barangay id (one query)."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = _profiles().filter(barangay_id__in=list(barangay_ids)).order_by("pk").values_list("barangay_id", "pk")
    for barangay_id, pk in rows:
        found[barangay_id].append(pk)
    return found


def single_profile_id(barangay_id) -> int | None:
    if not barangay_id:
        return None
    ids = profiles_by_barangay([barangay_id]).get(barangay_id, [])
    return ids[0] if len(ids) == 1 else None


def link_assessment_profiles(assessment) -> None:
    barangays = list(assessment.communities.values_list("pk", flat=True))
    assessment.community_profiles.set([pk for ids in profiles_by_barangay(barangays).values() for pk in ids])


def link_need_profiles(need) -> None:
    barangays = list(need.affected_communities.values_list("pk", flat=True))
    need.affected_profiles.set([pk for ids in profiles_by_barangay(barangays).values() for pk in ids])


def link_participant_profile(participant, chosen=None) -> None:
    """Set (not save) the participant's profile: ``chosen`` when given (it must lie in the
    participant's barangay), else keep a link that is still valid (chosen earlier), else the
    barangay's profile when it has exactly one."""
    from django.core.exceptions import ValidationError

    ids = profiles_by_barangay([participant.community_id]).get(participant.community_id, [])
    if chosen is not None:
        if chosen.pk not in ids:
            raise ValidationError({"community_profile": "Choose an OBC profile in the participant's barangay."})
        participant.community_profile_id = chosen.pk
    elif participant.community_profile_id not in ids:
        participant.community_profile_id = ids[0] if len(ids) == 1 else None


def link_new_profiles(profiles) -> None:
    """Profiles were created, restored or moved to another barangay: link them to the MANA rows
    naming their barangay (assessments covered, needs affected) and re-link the participants of
    the barangays concerned. A fixed number of queries whatever the number of profiles (imports)."""
    from mana.models import Assessment, Need, Participant

    profiles = [p for p in profiles if p.pk]
    if not profiles:
        return
    pks = [p.pk for p in profiles]
    by_barangay: dict[int, list[int]] = defaultdict(list)
    for profile in profiles:
        by_barangay[profile.barangay_id].append(profile.pk)
    for source, target, owner in (
        (Assessment.communities.through, Assessment.community_profiles.through, "assessment_id"),
        (Need.affected_communities.through, Need.affected_profiles.through, "need_id"),
    ):
        target.objects.filter(barangayobc_id__in=pks).delete()
        named = source.objects.filter(barangay_id__in=list(by_barangay)).values_list(owner, "barangay_id")
        links = [target(**{owner: row, "barangayobc_id": pk}) for row, b in named for pk in by_barangay[b]]
        target.objects.bulk_create(links, ignore_conflicts=True)
    concerned = Participant.objects.filter(
        Q(community_id__in=list(by_barangay)) | Q(community_profile_id__in=pks)
    ).values_list("community_id", flat=True)
    barangay_ids = {b for b in concerned.distinct() if b}
    live = profiles_by_barangay(barangay_ids)
    for barangay_id in barangay_ids:
        # Links still valid (made when the barangay had one profile, or chosen) stay.
        ids = live.get(barangay_id, [])
        Participant.objects.filter(community_id=barangay_id).exclude(community_profile_id__in=ids).update(
            community_profile_id=ids[0] if len(ids) == 1 else None
        )
