from .base import SoftDeleteModel, TimeStampedModel
from .geography import POPULATION_SOURCE_YEAR, Barangay, Municipality, Province, Region
from .users import User

__all__ = [
    "POPULATION_SOURCE_YEAR",
    "Barangay",
    "Municipality",
    "Province",
    "Region",
    "SoftDeleteModel",
    "TimeStampedModel",
    "User",
]
