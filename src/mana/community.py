"""The ONE place MANA names what a "community" is.

Until the ``communities`` app (OBC barangay profiles) lands, a community is the PSGC barangay it
lives in (``common.Barangay``). Assessments' communities covered, participants' community and a
need's affected communities all use ``COMMUNITY_MODEL``; to point them at OBC profiles later,
change it here, add a data migration, and adjust ``community_province_lookup``/``community_label``.
"""

COMMUNITY_MODEL = "common.Barangay"

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
