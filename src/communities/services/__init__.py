"""Writes of the communities app (HackSoft style: keyword-only, atomic, full_clean)."""

from .communities import (
    EDITABLE_FIELDS,
    barangay_in_user_areas,
    bulk_create_communities,
    create_community,
    restore_community,
    soft_delete_community,
    update_community,
)
from .coverage import (
    CURATED_FIELDS,
    recompute_all_coverage,
    recompute_coverage,
    update_municipal_coverage,
    update_provincial_coverage,
)
from .ids import next_obc_ids, province_abbreviation
from .leaders import LEADER_FIELDS, create_leader, delete_leader, update_leader

__all__ = [
    "CURATED_FIELDS",
    "EDITABLE_FIELDS",
    "LEADER_FIELDS",
    "barangay_in_user_areas",
    "bulk_create_communities",
    "create_community",
    "create_leader",
    "delete_leader",
    "next_obc_ids",
    "province_abbreviation",
    "recompute_all_coverage",
    "recompute_coverage",
    "restore_community",
    "soft_delete_community",
    "update_community",
    "update_leader",
    "update_municipal_coverage",
    "update_provincial_coverage",
]
