from . import choices
from .community import AGE_BAND_FIELDS, SECTOR_FIELDS, BarangayOBC
from .coverage import ROLLUP_FIELDS, MunicipalCoverage, ProvincialCoverage
from .fields import ChoiceListField, contains_code
from .ids import ObcIdCounter
from .leaders import CommunityLeader

__all__ = [
    "AGE_BAND_FIELDS",
    "ROLLUP_FIELDS",
    "SECTOR_FIELDS",
    "BarangayOBC",
    "ChoiceListField",
    "CommunityLeader",
    "MunicipalCoverage",
    "ObcIdCounter",
    "ProvincialCoverage",
    "choices",
    "contains_code",
]
