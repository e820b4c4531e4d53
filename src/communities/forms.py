"""Forms of the communities pages. They collect and type-check input; the services validate it
(the same rules as the API), and ``common.appkit.views.save_form`` puts those messages on the fields.
Edit forms carry the record's version (``VersionedFormMixin``): a stale save is refused."""

from __future__ import annotations

from django import forms

from common.appkit.forms import ServiceValidatedModelForm, VersionedFormMixin
from common.places.fields import PlaceField, PlaceFormMixin
from common.places.labels import LEVELS as PLACE_LEVELS
from communities.models import AGE_BAND_FIELDS, SECTOR_FIELDS, BarangayOBC, CommunityLeader, MunicipalCoverage
from communities.models.choices import ACCESS_FIELDS
from communities.services import CURATED_FIELDS, LEADER_FIELDS

#: The form's tabs (and the detail page's sections): (slug, title, fields).
SECTIONS = (
    (
        "identification",
        "Identification",
        (
            "purok_sitio",
            "settlement_type",
            "proximity_to_barmm",
            "latitude",
            "longitude",
            "data_source",
            "data_source_notes",
            "last_validated_on",
        ),
    ),
    (
        "demographics",
        "Demographics",
        (
            "total_barangay_population",
            "estimated_obc_population",
            "households",
            "families",
            "primary_ethnolinguistic_group",
            "other_ethnolinguistic_groups",
            "languages",
            *(f for f, _ in AGE_BAND_FIELDS),
            *(f for f, _ in SECTOR_FIELDS),
        ),
    ),
    (
        "socio-economic",
        "Socio-economic",
        (
            "primary_livelihood",
            "secondary_livelihoods",
            "poverty_band",
            "unemployment_band",
            *(f for f, _ in ACCESS_FIELDS),
            "land_tenure",
            "land_tenure_notes",
        ),
    ),
    (
        "culture",
        "Culture and religion",
        (
            "mosques",
            "madaris",
            "asatidz",
            "ulama",
            "traditional_leaders",
            "year_settled",
            "migration_reasons",
            "history_and_origin",
        ),
    ),
    (
        "governance",
        "Governance",
        ("lgu_relationship", "organizations_count", "representation", "organizations", "governance_notes"),
    ),
    (
        "challenges",
        "Challenges and aspirations",
        ("challenge_categories", "challenges", "aspiration_categories", "aspirations"),
    ),
)

PROFILE_FIELDS = tuple(f for _, _, fields in SECTIONS for f in fields if f != "total_barangay_population")


class BarangayOBCForm(VersionedFormMixin, PlaceFormMixin, ServiceValidatedModelForm):
    barangay = PlaceField(
        levels=PLACE_LEVELS,
        required_level="barangay",
        names={level: level for level in PLACE_LEVELS},
        label="Barangay",
        help_text="Choose the region, province, city/municipality, then barangay. Only your assigned areas are listed.",
    )
    total_barangay_population = forms.IntegerField(
        label="Total barangay population",
        required=False,
        disabled=True,
        help_text="2020 census (PSGC), filled in when you choose the barangay. The system sets it.",
    )

    class Meta:
        model = BarangayOBC
        fields = PROFILE_FIELDS
        widgets = {
            "last_validated_on": forms.DateInput(attrs={"type": "date"}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in (
                    "history_and_origin",
                    "governance_notes",
                    "organizations",
                    "challenges",
                    "aspirations",
                    "land_tenure_notes",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("barangay", self.instance.barangay)
            self.initial["total_barangay_population"] = self.instance.total_barangay_population
        self.fields["barangay"].widget.attrs.update({"level_class": "mb-2", "place_data": True})
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField) and name not in ("year_settled",):
                field.widget.attrs.setdefault("min", 0)

    def clean_barangay(self):
        return self.cleaned_data["barangay"].barangay

    def profile_data(self) -> dict:
        """The profile fields for the service (the version goes separately as ``expected_revision``)."""
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS if name in self.cleaned_data}

    def sections(self):
        for slug, title, names in SECTIONS:
            fields = [self[name] for name in names]
            yield {"slug": slug, "title": title, "fields": fields, "has_errors": any(f.errors for f in fields)}


class CoverageForm(VersionedFormMixin, ServiceValidatedModelForm):
    class Meta:
        model = MunicipalCoverage
        fields = CURATED_FIELDS
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in ("focal_persons", "lgu_agreements", "notes")}

    def __init__(self, *args, show_personal_data: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curated_obc_population"].widget.attrs["min"] = 0
        if not show_personal_data:
            del self.fields["focal_persons"]


class CommunityLeaderForm(VersionedFormMixin, ServiceValidatedModelForm):
    class Meta:
        model = CommunityLeader
        fields = tuple(
            sorted(
                LEADER_FIELDS,
                key=lambda f: [
                    "name",
                    "role",
                    "position",
                    "sex",
                    "phone",
                    "email",
                    "is_primary_contact",
                    "consent_given",
                    "notes",
                ].index(f),
            )
        )


class AreaReportForm(PlaceFormMixin, forms.Form):
    place = PlaceField(
        levels=("region", "province"),
        required_level="region",
        names={"region": "region", "province": "province"},
        label="Area",
        help_text="A region, or one of its provinces or HUCs. Only your areas are offered.",
    )
