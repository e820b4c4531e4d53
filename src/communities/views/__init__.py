"""Pages of the communities app, split by concern."""

from .barangay import (
    BarangayOBCListView,
    DeletedBarangayOBCListView,
    barangay_choices,
    barangay_create,
    barangay_delete,
    barangay_detail,
    barangay_edit,
    barangay_restore,
)
from .coverage import MunicipalCoverageListView, ProvincialCoverageListView, coverage_detail, coverage_edit
from .dashboard import dashboard, map_points
from .leaders import leader_create, leader_delete, leader_edit

__all__ = [
    "BarangayOBCListView",
    "DeletedBarangayOBCListView",
    "MunicipalCoverageListView",
    "ProvincialCoverageListView",
    "barangay_choices",
    "barangay_create",
    "barangay_delete",
    "barangay_detail",
    "barangay_edit",
    "barangay_restore",
    "coverage_detail",
    "coverage_edit",
    "dashboard",
    "leader_create",
    "leader_delete",
    "leader_edit",
    "map_points",
]
