"""The barangay OBC profile: one record per OBC settlement in a barangay.

A barangay may hold several OBCs, told apart by purok/sitio. The record carries its barangay's
municipality and province (copied from the barangay on every save) so lists, filters and
roll-ups need no joins through the hierarchy.

Writes go through ``communities.services`` (validation, area check, OBC id, roll-ups).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from common.access import AreaScopedQuerySet
from common.models import FoldedSearchModel, SoftDeleteModel, TimeStampedModel, VersionedModel

from .choices import (
    ACCESS_FIELDS,
    AccessRating,
    AspirationCategory,
    ChallengeCategory,
    DataSource,
    EthnolinguisticGroup,
    LandTenure,
    Language,
    LguRelationship,
    Livelihood,
    MigrationReason,
    PovertyBand,
    ProximityToBARMM,
    Representation,
    SettlementType,
    UnemploymentBand,
)
from .fields import ChoiceListField

#: The Philippines' bounding box, to catch swapped or mistyped coordinates.
PH_LATITUDE = (4.0, 21.5)
PH_LONGITUDE = (116.0, 127.0)
EARLIEST_SETTLEMENT_YEAR = 1300

#: Sector counts of the demographics section: (field name, label).
SECTOR_FIELDS = (
    ("women", "Women"),
    ("youth", "Youth (15–30)"),
    ("solo_parents", "Solo parents"),
    ("persons_with_disability", "Persons with disability"),
    ("senior_citizens", "Senior citizens"),
    ("farmers", "Farmers"),
    ("fisherfolk", "Fisherfolk"),
    ("indigenous_peoples", "Indigenous peoples"),
    ("internally_displaced", "Internally displaced persons"),
    ("unemployed", "Unemployed"),
    ("migrants", "Migrants"),
)

#: Age bands of the demographics section: (field name, label).
AGE_BAND_FIELDS = (
    ("age_0_14", "0–14 years"),
    ("age_15_24", "15–24 years"),
    ("age_25_59", "25–59 years"),
    ("age_60_plus", "60 years and over"),
)


class BarangayOBCQuerySet(AreaScopedQuerySet):
    province_lookup = "province"

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def with_location(self):
        return self.select_related("barangay", "municipality", "province__region")


class AliveBarangayOBCManager(models.Manager.from_queryset(BarangayOBCQuerySet)):
    """``BarangayOBC.objects``: records that are not soft-deleted (what every page shows)."""

    def get_queryset(self):
        return super().get_queryset().alive()


def _count(label, **kwargs):
    return models.PositiveIntegerField(label, null=True, blank=True, **kwargs)


def _access(label):
    return models.PositiveSmallIntegerField(label, choices=AccessRating.choices, null=True, blank=True)


class BarangayOBC(TimeStampedModel, SoftDeleteModel, FoldedSearchModel, VersionedModel):
    # --- Identification ---------------------------------------------------------------------
    obc_id = models.CharField(
        "OBC ID", max_length=32, unique=True, editable=False, help_text="Generated, e.g. OBC-IX-ZDN-0001."
    )
    barangay = models.ForeignKey("common.Barangay", on_delete=models.PROTECT, related_name="obc_communities")
    municipality = models.ForeignKey(
        "common.Municipality", on_delete=models.PROTECT, related_name="obc_communities", editable=False
    )
    province = models.ForeignKey(
        "common.Province", on_delete=models.PROTECT, related_name="obc_communities", editable=False
    )
    purok_sitio = models.CharField(
        "purok/sitio", max_length=120, blank=True, help_text="Tells apart several OBCs in one barangay."
    )
    settlement_type = models.CharField(max_length=20, choices=SettlementType.choices, blank=True)
    proximity_to_barmm = models.CharField(
        "proximity to BARMM", max_length=10, choices=ProximityToBARMM.choices, blank=True
    )
    latitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Defaults to the barangay centroid.",
    )
    longitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Defaults to the barangay centroid.",
    )
    data_source = models.CharField(max_length=20, choices=DataSource.choices, blank=True)
    data_source_notes = models.CharField(max_length=255, blank=True)
    last_validated_on = models.DateField("date of last validation", null=True, blank=True)

    # --- Demographics -----------------------------------------------------------------------
    total_barangay_population = models.PositiveIntegerField(
        "total barangay population",
        null=True,
        blank=True,
        editable=False,
        help_text="2020 census population of the barangay (PSGC); set by the system.",
    )
    estimated_obc_population = models.PositiveIntegerField("estimated OBC population")
    households = _count("households")
    families = _count("families")
    primary_ethnolinguistic_group = models.CharField(max_length=20, choices=EthnolinguisticGroup.choices)
    other_ethnolinguistic_groups = ChoiceListField(choices_enum=EthnolinguisticGroup)
    languages = ChoiceListField("languages spoken", choices_enum=Language)
    age_0_14 = _count("0–14 years")
    age_15_24 = _count("15–24 years")
    age_25_59 = _count("25–59 years")
    age_60_plus = _count("60 years and over")
    women = _count("women")
    youth = _count("youth (15–30)")
    solo_parents = _count("solo parents")
    persons_with_disability = _count("persons with disability")
    senior_citizens = _count("senior citizens")
    farmers = _count("farmers")
    fisherfolk = _count("fisherfolk")
    indigenous_peoples = _count("indigenous peoples")
    internally_displaced = _count("internally displaced persons")
    unemployed = _count("unemployed")
    migrants = _count("migrants")

    # --- Socio-economic ---------------------------------------------------------------------
    primary_livelihood = models.CharField(max_length=20, choices=Livelihood.choices, blank=True)
    secondary_livelihoods = ChoiceListField(choices_enum=Livelihood)
    poverty_band = models.CharField(max_length=10, choices=PovertyBand.choices, blank=True)
    unemployment_band = models.CharField(max_length=10, choices=UnemploymentBand.choices, blank=True)
    access_formal_education = _access("formal education")
    access_als = _access("Alternative Learning System")
    access_madrasah = _access("madrasah education")
    access_health = _access("health services")
    access_water = _access("safe water")
    access_sanitation = _access("sanitation")
    access_electricity = _access("electricity")
    access_roads = _access("roads and transport")
    access_communication = _access("communication")
    land_tenure = models.CharField(max_length=12, choices=LandTenure.choices, blank=True)
    land_tenure_notes = models.TextField(blank=True)

    # --- Culture and religion ---------------------------------------------------------------
    mosques = _count("mosques")
    madaris = _count("madaris")
    asatidz = _count("asatidz (religious teachers)")
    ulama = _count("ulama")
    traditional_leaders = _count("traditional leaders")
    history_and_origin = models.TextField("history and origin", blank=True)
    year_settled = models.PositiveSmallIntegerField(null=True, blank=True)
    migration_reasons = ChoiceListField(choices_enum=MigrationReason)

    # --- Governance -------------------------------------------------------------------------
    lgu_relationship = models.CharField(
        "relationship with the LGU", max_length=10, choices=LguRelationship.choices, blank=True
    )
    representation = ChoiceListField("representation in governance", choices_enum=Representation)
    governance_notes = models.TextField("governance notes", blank=True)
    organizations = models.TextField(
        "organizations and cooperatives", blank=True, help_text="People's organizations, cooperatives, CSOs."
    )
    organizations_count = _count("number of organizations and cooperatives")

    # --- Challenges and aspirations ---------------------------------------------------------
    challenge_categories = ChoiceListField("challenges", choices_enum=ChallengeCategory)
    challenges = models.TextField("challenges (narrative)", blank=True)
    aspiration_categories = ChoiceListField("aspirations", choices_enum=AspirationCategory)
    aspirations = models.TextField("aspirations (narrative)", blank=True)

    all_objects = BarangayOBCQuerySet.as_manager()
    objects = AliveBarangayOBCManager()

    class Meta:
        verbose_name = "barangay OBC"
        verbose_name_plural = "barangay OBCs"
        ordering = ["obc_id"]
        default_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                "barangay",
                Lower("purok_sitio"),
                condition=Q(deleted_at__isnull=True),
                name="communities_one_live_obc_per_barangay_purok",
                violation_error_message="This barangay already has an OBC record for this purok/sitio. "
                "Edit that record, or give a different purok/sitio.",
            ),
        ]
        indexes = [
            # Live records in OBC-id order: the default list order, read straight from the index.
            models.Index(fields=["deleted_at", "obc_id"], name="communities_obc_alive_idx"),
            models.Index(fields=["province", "deleted_at"], name="communities_obc_prov_idx"),
            models.Index(fields=["municipality", "deleted_at"], name="communities_obc_muni_idx"),
            models.Index(fields=["primary_ethnolinguistic_group"], name="communities_obc_group_idx"),
            models.Index(fields=["primary_livelihood"], name="communities_obc_livelihood_idx"),
        ]

    def __str__(self) -> str:
        place = self.barangay.name if self.barangay_id else "?"
        return f"{self.obc_id} · {self.purok_sitio + ', ' if self.purok_sitio else ''}{place}"

    def get_absolute_url(self) -> str:
        return reverse("communities:barangay-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        name = self.barangay.name
        return f"{self.purok_sitio}, {name}" if self.purok_sitio else name

    # --- Derived location -------------------------------------------------------------------
    def sync_location(self) -> None:
        """Copy municipality, province and census total from the barangay; default coordinates.

        Called by ``clean`` and ``save``: the total barangay population is never taken from input.
        """
        if not self.barangay_id:
            return
        barangay = self.barangay
        if self.municipality_id != barangay.municipality_id or self.province_id is None:
            municipality = barangay.municipality
            self.municipality = municipality.parent_city or municipality
            self.province_id = municipality.province_id
        self.total_barangay_population = barangay.population
        if self.latitude is None and self.longitude is None:
            self.latitude, self.longitude = barangay.latitude, barangay.longitude
        self.refresh_search_folded()

    def search_source(self) -> tuple:
        """Barangay, purok/sitio, city/municipality and province names (the list's search).
        The OBC ID is matched on its own column (it is assigned after this is computed)."""
        if not self.barangay_id:
            return (self.purok_sitio,)
        municipality = self.barangay.municipality
        city = municipality.parent_city if municipality.parent_city_id else municipality
        return (self.barangay.name, self.purok_sitio, city.name, municipality.province.name)

    # --- Validation -------------------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        self.sync_location()
        errors: dict[str, list[str]] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        obc = self.estimated_obc_population
        total = self.total_barangay_population
        if obc is not None and total is not None and obc > total:
            add(
                "estimated_obc_population",
                f"Estimated OBC population ({obc:,}) cannot exceed the barangay's total population "
                f"({total:,}, {self.barangay.population_year} census).",
            )
        if obc is not None:
            for field, label in (("households", "Households"), ("families", "Families")):
                value = getattr(self, field)
                if value is not None and value > obc:
                    add(field, f"{label} ({value:,}) cannot exceed the estimated OBC population ({obc:,}).")
            for field, label in SECTOR_FIELDS:
                value = getattr(self, field)
                if value is not None and value > obc:
                    add(field, f"{label} ({value:,}) cannot exceed the estimated OBC population ({obc:,}).")
            bands = [getattr(self, f) for f, _ in AGE_BAND_FIELDS]
            if sum(b or 0 for b in bands) > obc:
                add(
                    "age_0_14",
                    f"The age bands add up to {sum(b or 0 for b in bands):,}, more than the "
                    f"estimated OBC population ({obc:,}).",
                )
        if (self.latitude is None) != (self.longitude is None):
            add("latitude", "Give both latitude and longitude, or neither (the barangay centroid is used).")
        elif self.latitude is not None:
            if not PH_LATITUDE[0] <= self.latitude <= PH_LATITUDE[1]:
                add("latitude", f"Latitude must be within the Philippines ({PH_LATITUDE[0]}–{PH_LATITUDE[1]}).")
            if not PH_LONGITUDE[0] <= self.longitude <= PH_LONGITUDE[1]:
                add("longitude", f"Longitude must be within the Philippines ({PH_LONGITUDE[0]}–{PH_LONGITUDE[1]}).")
        this_year = timezone.localdate().year
        if self.year_settled is not None and not EARLIEST_SETTLEMENT_YEAR <= self.year_settled <= this_year:
            add("year_settled", f"Give a year between {EARLIEST_SETTLEMENT_YEAR} and {this_year}.")
        if self.last_validated_on and self.last_validated_on > timezone.localdate():
            add("last_validated_on", "The date of last validation cannot be in the future.")
        if self.primary_ethnolinguistic_group and self.primary_ethnolinguistic_group in (
            self.other_ethnolinguistic_groups or []
        ):
            self.other_ethnolinguistic_groups = [
                g for g in self.other_ethnolinguistic_groups if g != self.primary_ethnolinguistic_group
            ]
        if self.primary_livelihood and self.primary_livelihood in (self.secondary_livelihoods or []):
            self.secondary_livelihoods = [g for g in self.secondary_livelihoods if g != self.primary_livelihood]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.sync_location()
        super().save(*args, **kwargs)

    # --- Presentation helpers ---------------------------------------------------------------
    @property
    def is_validation_stale(self) -> bool:
        """Not validated in the last two years."""
        return not self.last_validated_on or (timezone.localdate() - self.last_validated_on) > datetime.timedelta(
            days=730
        )

    def access_ratings(self) -> list[tuple[str, str, int | None]]:
        return [(field, label, getattr(self, field)) for field, label in ACCESS_FIELDS]

    def sector_counts(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, field)) for field, label in SECTOR_FIELDS]

    def age_bands(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, field)) for field, label in AGE_BAND_FIELDS]
