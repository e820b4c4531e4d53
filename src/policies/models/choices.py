"""Choice lists of the policies app. Sectors are MANA's need categories (one list for MANA,
coordination and policies)."""

from django.db import models

from mana.models.needs import NeedCategory

Sector = NeedCategory


class RecommendationType(models.TextChoices):
    POLICY = "policy", "Policy"
    PROGRAM = "program", "Program"
    SERVICE = "service", "Service improvement"


class Category(models.TextChoices):
    ECONOMIC = "economic", "Economic development"
    SOCIAL = "social", "Social development"
    CULTURAL = "cultural", "Cultural development"
    WELFARE = "welfare", "Promotion of welfare"
    REHABILITATION = "rehabilitation", "Rehabilitation and development"
    RIGHTS = "rights", "Protection of rights"
    COMPREHENSIVE = "comprehensive", "Comprehensive"


class ScopeLevel(models.TextChoices):
    NATIONAL = "national", "National (every OOBC area)"
    REGIONAL = "regional", "Regional"
    PROVINCIAL = "provincial", "Provincial"
    MUNICIPAL = "municipal", "City/municipal"
    BARANGAY = "barangay", "Barangay"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    UNDER_REVIEW = "under_review", "Under review"
    NEEDS_REVISION = "needs_revision", "Needs revision"
    ENDORSED = "endorsed", "Endorsed"
    SUBMITTED = "submitted", "Submitted to the Chief Minister"
    UNDER_CONSIDERATION = "under_consideration", "Under consideration"
    APPROVED = "approved", "Approved"
    IN_IMPLEMENTATION = "in_implementation", "In implementation"
    IMPLEMENTED = "implemented", "Implemented"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ON_HOLD = "on_hold", "On hold"
    EXPIRED = "expired", "Expired"


#: Content (fields, areas, evidence) is edited freely only in these statuses; afterwards a change is a revision.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.NEEDS_REVISION})
#: Statuses partner viewers may see (decided by the Chief Minister).
PUBLIC_STATUSES = frozenset({Status.APPROVED, Status.IN_IMPLEMENTATION, Status.IMPLEMENTED})
#: Statuses in which a recommendation no longer answers a need (for the unanswered-needs list).
DEAD_STATUSES = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED})

RATING_CHOICES = [(1, "1 (very low)"), (2, "2 (low)"), (3, "3 (moderate)"), (4, "4 (high)"), (5, "5 (very high)")]
#: A rating at or above this counts as "important" / "urgent" in the Eisenhower matrix.
HIGH_RATING = 4


class Quadrant(models.TextChoices):
    DO = "do", "Important and urgent: do first"
    PLAN = "plan", "Important, not urgent: plan"
    DELEGATE = "delegate", "Urgent, less important: delegate"
    LATER = "later", "Neither: later"


#: Q objects for "important" and "urgent" (the list's Eisenhower filter), the same threshold as ``quadrant_of``.
HIGH_RATING_FIELDS = (models.Q(importance__gte=HIGH_RATING), models.Q(urgency__gte=HIGH_RATING))


def quadrant_of(importance: int, urgency: int) -> str:
    important, urgent = importance >= HIGH_RATING, urgency >= HIGH_RATING
    if important:
        return Quadrant.DO if urgent else Quadrant.PLAN
    return Quadrant.DELEGATE if urgent else Quadrant.LATER


class Reliability(models.TextChoices):
    A = "A", "A: official or verified data"
    B = "B", "B: reliable (validated assessment, documented consultation)"
    C = "C", "C: fairly reliable (single source, partly verified)"
    D = "D", "D: unverified (anecdotal, not yet checked)"


class EvidenceKind(models.TextChoices):
    NEED = "need", "MANA need"
    ASSESSMENT = "assessment", "MANA assessment or report"
    COMMUNITY = "community", "Community profile"
    ENGAGEMENT = "engagement", "Engagement"
    FEEDBACK = "feedback", "Engagement feedback"
    DOCUMENT = "document", "Uploaded document"
    EXTERNAL = "external", "External source"


#: The target field each kind of evidence fills (documents and external sources have their own fields).
EVIDENCE_TARGETS = {
    EvidenceKind.NEED: "need",
    EvidenceKind.ASSESSMENT: "assessment",
    EvidenceKind.COMMUNITY: "community",
    EvidenceKind.ENGAGEMENT: "engagement",
    EvidenceKind.FEEDBACK: "feedback",
}
