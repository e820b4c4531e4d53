"""Philippine administrative hierarchy (PSGC): Region → Province → City/Municipality → Barangay.

Loaded from the ``psgc`` package by ``populate_administrative_hierarchy``; never typed in by hand.
The PSGC code is the natural key of every level, so ``dumpdata --natural-foreign
--natural-primary`` / ``loaddata`` moves the data between databases.

Highly urbanized cities (HUCs) sit outside any province. The ``psgc`` package gives each one
a pseudo-province whose code ends in ``99999`` (e.g. City of Zamboanga, 0931799999); we keep that
shape, so a HUC appears at the province level of the cascade with its barangays below it.
"""

from django.db import models
from django.db.models import Q

from common.access import has_national_scope
from common.models.search import FoldedSearchModel

POPULATION_SOURCE_YEAR = 2020


class GeographyQuerySet(models.QuerySet):
    """Reference data: any signed-in user may read it; ``for_user`` narrows it to the user's areas."""

    #: Path from this model to ``common.Province`` ("" for Province itself).
    province_lookup: str = ""

    def for_user(self, user, action: str = "view"):
        from common.access import scope_queryset

        return scope_queryset(self, user, action, province_lookup=self.province_lookup)

    def get_by_natural_key(self, code):
        return self.get(code=code)


class RegionQuerySet(GeographyQuerySet):
    def for_user(self, user, action: str = "view"):
        from common.access import permission_allows

        if not permission_allows(user, self.model, action):
            return self.none()
        if has_national_scope(user):
            return self
        return self.filter(Q(pk__in=user.regions.values("pk")) | Q(pk__in=user.provinces.values("region_id")))


class ProvinceQuerySet(GeographyQuerySet):
    province_lookup = ""


class MunicipalityQuerySet(GeographyQuerySet):
    province_lookup = "province"

    def for_cascade(self):
        """Cities and municipalities a user picks from; sub-municipalities (Manila's districts) are
        reached through their city's barangays instead."""
        return self.exclude(kind=Municipality.Kind.SUB_MUNICIPALITY)


class BarangayQuerySet(GeographyQuerySet):
    province_lookup = "municipality__province"

    def of_municipality(self, municipality):
        """Barangays of a city or municipality, including those under its sub-municipalities
        (Manila's districts). Resolved to an ``IN`` on the indexed foreign key."""
        ids = [municipality.pk, *municipality.sub_municipalities.values_list("pk", flat=True)]
        return self.filter(municipality_id__in=ids)


class GeoUnit(FoldedSearchModel):
    """Fields every level shares; ``search_folded`` is the folded name (the loader fills it)."""

    code = models.CharField("PSGC code", max_length=10, unique=True)
    name = models.CharField(max_length=150, db_index=True)
    population = models.PositiveIntegerField("census population", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(default=POPULATION_SOURCE_YEAR)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.code,)

    def search_source(self) -> tuple:
        return (self.name,)

    @property
    def level(self) -> str:
        return self._meta.model_name

    @property
    def label(self) -> str:
        """The name shown to people (common/places/names.py), e.g. "City of Zamboanga (HUC)"."""
        from common.places.names import name_label

        return name_label(self.name)


class Region(GeoUnit):
    short_name = models.CharField(
        max_length=20, db_index=True, help_text="Roman numeral or abbreviation, e.g. IX, IV-A, NCR, BARMM."
    )

    objects = RegionQuerySet.as_manager()

    class Meta(GeoUnit.Meta):
        ordering = ["code"]


class Province(GeoUnit):
    class Kind(models.TextChoices):
        PROVINCE = "province", "Province"
        HUC = "huc", "Highly urbanized city"
        SPECIAL = "special", "Special group"
        PSEUDO = "pseudo", "Pseudo-province"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    income_class = models.CharField(max_length=10, blank=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta(GeoUnit.Meta):
        indexes = [models.Index(fields=["region", "name"])]

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["common.region"]

    @property
    def label(self) -> str:
        from common.places.names import province_label

        return province_label(self.name, self.kind)


class Municipality(GeoUnit):
    class Kind(models.TextChoices):
        CITY = "city", "City"
        MUNICIPALITY = "municipality", "Municipality"
        SUB_MUNICIPALITY = "submunicipality", "Sub-municipality"

    class CityClass(models.TextChoices):
        NONE = "", "—"
        COMPONENT = "CC", "Component city"
        INDEPENDENT_COMPONENT = "ICC", "Independent component city"
        HIGHLY_URBANIZED = "HUC", "Highly urbanized city"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    parent_city = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_municipalities"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    city_class = models.CharField(max_length=3, choices=CityClass.choices, blank=True)
    income_class = models.CharField(max_length=10, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta(GeoUnit.Meta):
        verbose_name = "city/municipality"
        verbose_name_plural = "cities/municipalities"
        indexes = [models.Index(fields=["province", "name"])]

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["common.province"]

    @property
    def is_huc(self) -> bool:
        return self.city_class == self.CityClass.HIGHLY_URBANIZED


class Barangay(GeoUnit):
    class UrbanRural(models.TextChoices):
        URBAN = "U", "Urban"
        RURAL = "R", "Rural"
        UNKNOWN = "", "Not classified"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="barangays")
    urban_rural = models.CharField(max_length=1, choices=UrbanRural.choices, blank=True)

    objects = BarangayQuerySet.as_manager()

    class Meta(GeoUnit.Meta):
        indexes = [models.Index(fields=["municipality", "name"])]

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["common.municipality"]
