"""The OBCMS user: Django's user plus the areas (regions and/or provinces) the user works in."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from common.folding import fold_name

from .search import FoldedSearchModel


class User(FoldedSearchModel, AbstractUser):
    """Searched through the folded column (user name, names, e-mail, position, organization):
    "Niño", "nino" and "NIÑO" find the same people, and "Ma." finds "Maria"."""

    email = models.EmailField("email address", blank=True)
    position = models.CharField(max_length=150, blank=True)
    organization = models.CharField(
        max_length=200, blank=True, help_text="For partner focal persons: the ministry, LGU or agency."
    )
    regions = models.ManyToManyField(
        "common.Region", blank=True, related_name="assigned_users", help_text="Whole regions this user works in."
    )
    provinces = models.ManyToManyField(
        "common.Province",
        blank=True,
        related_name="assigned_users",
        help_text="Single provinces (or HUCs) this user works in, outside the regions above.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [("view_personal_data", "Can view personal data (participants, contacts, leaders)")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def search_source(self) -> tuple:
        return user_search_source(self)

    @property
    def role_names(self) -> list[str]:
        return sorted(self.groups.values_list("name", flat=True))


def user_search_source(user) -> tuple:
    """What a user search covers (also used by the migration that filled the column)."""
    return (
        user.username,
        fold_name(user.first_name),
        fold_name(user.last_name),
        user.email,
        user.position,
        user.organization,
    )
