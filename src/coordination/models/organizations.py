"""Organizations OOBC works with, where they work, on which sectors, and their contact people."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from common.access import can_view_personal_data, permission_allows
from common.models import (
    Barangay,
    FoldedSearchModel,
    Municipality,
    Province,
    SoftDeleteModel,
    TimeStampedModel,
    VersionedModel,
)

from .areas import MultiAreaQuerySet, PlaceFields
from .choices import Channel, OrganizationType, Sector


def organization_search_source(org) -> tuple:
    """Name and acronym; a name with an apostrophe also without it ("Women's" is found by "womens",
    as the duplicate check's ``name_key`` reads it)."""
    plain = (org.name or "").replace("'", "").replace("\u2019", "")
    return (org.name, org.acronym, plain if plain != org.name else "")


class OrganizationQuerySet(MultiAreaQuerySet):
    area_model = "OrganizationArea"
    area_fk = "organization"


class Organization(TimeStampedModel, SoftDeleteModel, VersionedModel, FoldedSearchModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"

    name = models.CharField(max_length=255)
    acronym = models.CharField(max_length=30, blank=True)
    org_type = models.CharField("type", max_length=12, choices=OrganizationType.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units",
        help_text="For a unit of a ministry or agency: the organization it belongs to.",
    )  # fmt: skip
    # An LGU's own PSGC unit (province, city/municipality or barangay).
    lgu_province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lgu_municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lgu_barangay = models.ForeignKey(Barangay, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    mandate = models.TextField(blank=True)
    is_nationwide = models.BooleanField(
        "works in every OOBC area", default=False,
        help_text="National agencies and BARMM ministries that serve every region; otherwise list the areas.",
    )  # fmt: skip
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    website = models.URLField(blank=True)
    office_email = models.EmailField("office e-mail", blank=True)
    office_phone = models.CharField(max_length=60, blank=True)
    address = models.CharField(max_length=255, blank=True)
    # Accent- and case-folded name and acronym: duplicate detection and search (see services.fold).
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    acronym_key = models.CharField(max_length=30, editable=False, blank=True, db_index=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_aggregates", "Can view coordination aggregate counts (3W)"),
            ("close_partnership", "Can complete, terminate or expire partnerships"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"], condition=Q(deleted_at__isnull=True), name="coordination_org_unique_name"
            ),
            models.UniqueConstraint(
                fields=["acronym_key"],
                condition=Q(deleted_at__isnull=True) & ~Q(acronym_key=""),
                name="coordination_org_unique_acronym",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:organization-detail", args=[self.pk])

    def search_source(self) -> tuple:
        return organization_search_source(self)

    @property
    def lgu_unit(self):
        return self.lgu_barangay or self.lgu_municipality or self.lgu_province

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class OrganizationArea(PlaceFields):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="areas")

    class Meta:
        indexes = [
            models.Index(fields=["region", "organization"], name="coord_orgarea_region_idx"),
            models.Index(fields=["province", "organization"], name="coord_orgarea_province_idx"),
        ]

    def __str__(self) -> str:
        return self.place_label


class OrganizationSector(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sector_rows")
    sector = models.CharField(max_length=20, choices=Sector.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "sector"], name="coord_org_sector_unique")]
        indexes = [models.Index(fields=["sector", "organization"], name="coord_orgsector_idx")]

    def __str__(self) -> str:
        return self.get_sector_display()


class ContactQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """Contacts are personal data: the role's permission, personal-data access, and an
        organization the user may see."""
        if not (permission_allows(user, Contact, action) and can_view_personal_data(user)):
            return self.none()
        orgs = Organization.objects.for_user(user, "view" if action == "view" else "change")
        return self.filter(organization__in=orgs.values("pk"))


class Contact(TimeStampedModel, VersionedModel):
    """A focal person or contact of an organization: personal data (RA 10173)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    position = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    email = models.EmailField("e-mail", blank=True)
    preferred_channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    is_focal_person = models.BooleanField("focal person for OOBC", default=False)
    consent_given = models.BooleanField(
        "consent to be listed", default=False, help_text="The person agreed to OOBC keeping these details."
    )
    notes = models.CharField(max_length=255, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-is_focal_person", "name"]
        indexes = [models.Index(fields=["organization", "name"], name="coord_contact_org_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.short_name})"
