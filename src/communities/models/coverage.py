"""Municipal and provincial coverage: one record per city/municipality and per province with OBCs.

Two kinds of fields, kept apart:

* rolled up — computed from the live barangay OBC profiles by
  ``communities.services.recompute_coverage`` inside the transaction that changed a profile;
  never typed in;
* curated — focal persons, LGU agreements, notes and a hand-curated OBC population estimate,
  edited by officers.

"Attributed" population is what the barangay profiles account for; "unattributed" is the part of
the hand-curated estimate that no barangay profile covers yet.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from common.access import AreaScopedQuerySet
from common.models import TimeStampedModel, VersionedModel

#: Fields set by the roll-up service only (also excluded from the audit log: they follow profiles).
ROLLUP_FIELDS = (
    "community_count",
    "barangay_count",
    "attributed_obc_population",
    "households",
    "families",
    "rolled_up_at",
)


class CoverageBase(TimeStampedModel, VersionedModel):
    # Rolled up from barangay profiles.
    community_count = models.PositiveIntegerField("OBC communities", default=0, editable=False)
    barangay_count = models.PositiveIntegerField("barangays with OBCs", default=0, editable=False)
    attributed_obc_population = models.PositiveIntegerField(
        "OBC population in barangay profiles", default=0, editable=False
    )
    households = models.PositiveIntegerField(default=0, editable=False)
    families = models.PositiveIntegerField(default=0, editable=False)
    rolled_up_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Curated by officers.
    curated_obc_population = models.PositiveIntegerField(
        "hand-curated OBC population estimate",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The office's own estimate for the whole area, including OBCs not yet profiled.",
    )
    focal_persons = models.TextField(
        blank=True, help_text="LGU and OOBC focal persons with their contact details (personal data)."
    )
    lgu_agreements = models.TextField("LGU agreements", blank=True, help_text="MOAs, resolutions, ordinances.")
    notes = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def unattributed_obc_population(self) -> int | None:
        """Part of the curated estimate no barangay profile accounts for (None without an estimate)."""
        if self.curated_obc_population is None:
            return None
        return max(self.curated_obc_population - self.attributed_obc_population, 0)

    @property
    def attribution_gap_negative(self) -> bool:
        """The profiles count more people than the curated estimate: the estimate needs a review."""
        return self.curated_obc_population is not None and self.attributed_obc_population > self.curated_obc_population


class MunicipalCoverageQuerySet(AreaScopedQuerySet):
    province_lookup = "municipality__province"


class MunicipalCoverage(CoverageBase):
    municipality = models.OneToOneField(
        "common.Municipality", on_delete=models.PROTECT, related_name="obc_coverage", verbose_name="city/municipality"
    )

    objects = MunicipalCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = "municipal coverage"
        verbose_name_plural = "municipal coverage"
        ordering = ["municipality__province__name", "municipality__name"]

    def __str__(self) -> str:
        return f"{self.municipality.name} coverage"

    def get_absolute_url(self) -> str:
        return reverse("communities:municipal-detail", args=[self.pk])


class ProvincialCoverageQuerySet(AreaScopedQuerySet):
    province_lookup = "province"


class ProvincialCoverage(CoverageBase):
    province = models.OneToOneField(
        "common.Province", on_delete=models.PROTECT, related_name="obc_coverage", verbose_name="province/HUC"
    )
    municipality_count = models.PositiveIntegerField("cities/municipalities with OBCs", default=0, editable=False)
    #: Dashboard figures kept by the roll-up (communities/services/coverage.py), so the dashboard reads
    #: one row per province instead of every profile: {"groups": {code: [communities, OBC population]},
    #: "access": {field: [sum of ratings, number rated]}}.
    breakdown = models.JSONField(default=dict, blank=True, editable=False)

    objects = ProvincialCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = "provincial coverage"
        verbose_name_plural = "provincial coverage"
        ordering = ["province__region__code", "province__name"]

    def __str__(self) -> str:
        return f"{self.province.name} coverage"

    def get_absolute_url(self) -> str:
        return reverse("communities:provincial-detail", args=[self.pk])
