from .areas import PlaceFields, place_parts, resolve_place
from .choices import Channel, OrganizationType, Sector
from .engagements import (
    ATTENDANCE_FIELDS,
    ActionItem,
    ActionItemTransition,
    Commitment,
    Engagement,
    EngagementTransition,
    Feedback,
)
from .organizations import Contact, Organization, OrganizationArea, OrganizationSector
from .partnerships import (
    Alert,
    CalendarFeedToken,
    Milestone,
    Partnership,
    PartnershipArea,
    PartnershipDocument,
    PartnershipParty,
    PartnershipTransition,
    Signatory,
)

__all__ = [
    "ATTENDANCE_FIELDS",
    "ActionItem",
    "ActionItemTransition",
    "Alert",
    "CalendarFeedToken",
    "Channel",
    "Commitment",
    "Contact",
    "Engagement",
    "EngagementTransition",
    "Feedback",
    "Milestone",
    "Organization",
    "OrganizationArea",
    "OrganizationSector",
    "OrganizationType",
    "Partnership",
    "PartnershipArea",
    "PartnershipDocument",
    "PartnershipParty",
    "PartnershipTransition",
    "PlaceFields",
    "Sector",
    "Signatory",
    "place_parts",
    "resolve_place",
]
