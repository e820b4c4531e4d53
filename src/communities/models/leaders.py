"""Contacts and community leaders of a barangay OBC: personal data (RA 10173).

Listed in ``common.roles.PERSONAL_DATA_MODELS`` (see ``communities.apps``), so roles without
personal-data access never get permissions on it; pages and the API also check
``common.personal_data.can_view``.
"""

from django.db import models

from common.access import AreaScopedQuerySet
from common.folding import fold_name
from common.models import FoldedSearchModel, TimeStampedModel, VersionedModel

from .choices import LeaderRole


class CommunityLeaderQuerySet(AreaScopedQuerySet):
    province_lookup = "community__province"


class CommunityLeader(TimeStampedModel, FoldedSearchModel, VersionedModel):
    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"

    community = models.ForeignKey("communities.BarangayOBC", on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=LeaderRole.choices)
    position = models.CharField("position or title", max_length=120, blank=True, help_text="e.g. Imam, Kagawad")
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_primary_contact = models.BooleanField("primary contact", default=False)
    consent_given = models.BooleanField(
        "consent to be listed", default=False, help_text="The person agreed to OOBC keeping these details."
    )
    notes = models.CharField(max_length=255, blank=True)

    objects = CommunityLeaderQuerySet.as_manager()

    class Meta:
        verbose_name = "community leader or contact"
        verbose_name_plural = "community leaders and contacts"
        ordering = ["-is_primary_contact", "name"]
        indexes = [models.Index(fields=["community", "name"], name="communities_leader_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def search_source(self) -> tuple:
        """The leader's name and position: searched only where the personal-data rule lets the user
        see leaders (the leaders API and admin); a community's own search never covers them."""
        return leader_search_source(self)


def leader_search_source(leader) -> tuple:
    return (fold_name(leader.name), leader.position)
