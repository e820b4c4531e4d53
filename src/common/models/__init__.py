from .base import SoftDeleteModel, TimeStampedModel, VersionedModel
from .geography import POPULATION_SOURCE_YEAR, Barangay, Municipality, Province, Region
from .imports import ImportUpload
from .jobs import Job
from .personal_data import PersonalDataExport
from .search import FoldedSearchModel
from .users import User

__all__ = [
    "POPULATION_SOURCE_YEAR",
    "Barangay",
    "FoldedSearchModel",
    "ImportUpload",
    "Job",
    "Municipality",
    "PersonalDataExport",
    "Province",
    "Region",
    "SoftDeleteModel",
    "TimeStampedModel",
    "User",
    "VersionedModel",
]
