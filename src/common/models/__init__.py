from .base import SoftDeleteModel, TimeStampedModel, VersionedModel
from .geography import POPULATION_SOURCE_YEAR, Barangay, Municipality, Province, Region
from .imports import ImportUpload
from .jobs import Job
from .users import User

__all__ = [
    "POPULATION_SOURCE_YEAR",
    "Barangay",
    "ImportUpload",
    "Job",
    "Municipality",
    "Province",
    "Region",
    "SoftDeleteModel",
    "TimeStampedModel",
    "User",
    "VersionedModel",
]
