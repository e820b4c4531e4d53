"""Forms of the coordination pages. They collect and type-check input; the services validate it
(the same rules as the API). Places are chosen with the shared place picker (``common/places``:
only the user's areas are offered and accepted); related-record fields offer only what
``for_user`` returns."""

from __future__ import annotations

from django import forms

from common.appkit.forms import ServiceValidatedModelForm, VersionedFormMixin
from common.places.fields import PlaceField, bind_place_fields
from common.places.multi import PlaceListField
from communities.choices import use_community_picker
from communities.models import BarangayOBC
from coordination.choices import use_organization_picker, use_partnership_picker
from coordination.models import (
    ATTENDANCE_FIELDS,
    ActionItem,
    Commitment,
    Contact,
    Engagement,
    Feedback,
    Milestone,
    Organization,
    Partnership,
    PartnershipDocument,
    PartnershipParty,
    Sector,
    Signatory,
)
from coordination.services.base import staff_users

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def area_field(**kwargs) -> PlaceListField:
    """Where a record works or what it covers: any mix of regions, provinces/HUCs, cities/municipalities
    and barangays, each picked with the shared place picker (the user's areas only)."""
    return PlaceListField(**kwargs)


def place_field(**kwargs) -> PlaceField:
    """One place at any level (the deepest level chosen is the place)."""
    return PlaceField(levels=("region", "province", "municipality", "barangay"), **kwargs)


def deepest(selection):
    return selection.deepest if selection else None


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class ServiceForm(BootstrapMixin, ServiceValidatedModelForm):
    """A ModelForm whose model validation is left to the service (``ServiceValidatedModelForm``)."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        bind_place_fields(self, user)
        self._style()

    def clean(self):
        """A single place field hands the service its place (the deepest level chosen)."""
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, PlaceField) and not isinstance(field, PlaceListField) and name in cleaned:
                cleaned[name] = deepest(cleaned[name])
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class VersionedForm(VersionedFormMixin, ServiceForm):
    """An edit form carrying the revision it read (``VersionedFormMixin``: a stale save is refused
    with who changed what, and keeps what the user typed)."""


class OrganizationForm(VersionedForm):
    areas = area_field(help_text="Regions, provinces, cities/municipalities or barangays.")
    sectors = forms.MultipleChoiceField(choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple)
    lgu_unit = place_field(
        required=False, label="LGU's own unit",
        help_text="For an LGU: its province, city/municipality or barangay.",
    )  # fmt: skip

    class Meta:
        model = Organization
        fields = ["name", "acronym", "org_type", "parent", "status", "is_nationwide", "mandate", "website",
                  "office_email", "office_phone", "address"]  # fmt: skip
        widgets = {"mandate": forms.Textarea(attrs={"rows": 3})}

    website = forms.URLField(required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_organization_picker(self.fields["parent"], self.user)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
            self.initial.setdefault("areas", [a.place for a in self.instance.areas.all()])
            self.initial.setdefault("sectors", [r.sector for r in self.instance.sector_rows.all()])
            self.initial.setdefault("lgu_unit", self.instance.lgu_unit)


class ContactForm(VersionedForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "phone", "email", "preferred_channel", "is_focal_person", "consent_given",
                  "notes"]  # fmt: skip


class EngagementForm(VersionedForm):
    place = place_field(
        required_level="region", label="Area", help_text="The region, province, city/municipality or barangay."
    )
    communities = forms.ModelMultipleChoiceField(queryset=BarangayOBC.objects.none(), required=False)
    organizations = forms.ModelMultipleChoiceField(queryset=Organization.objects.none(), required=False)
    staff = forms.ModelMultipleChoiceField(queryset=None, required=False, label="Other OOBC staff")

    class Meta:
        model = Engagement
        fields = ["kind", "title", "starts_at", "ends_at", "venue", "lead", "assessment", "partnership", "agenda",
                  "minutes", "outcomes", *(f for f, _ in ATTENDANCE_FIELDS)]  # fmt: skip
        widgets = {
            "starts_at": DATETIME, "ends_at": DATETIME,
            "agenda": forms.Textarea(attrs={"rows": 3}), "minutes": forms.Textarea(attrs={"rows": 5}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from mana.models import Assessment

        user = self.user
        use_community_picker(self.fields["communities"], user)
        use_organization_picker(self.fields["organizations"], user)
        self.fields["staff"].queryset = staff_users(self.user)
        self.fields["lead"].queryset = staff_users(self.user)
        self.fields["assessment"].queryset = Assessment.objects.for_user(user).only("title")
        use_partnership_picker(self.fields["partnership"], user)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            self.initial.setdefault("place", self.instance.place)
            self.initial.setdefault("communities", list(self.instance.communities.all()))
            self.initial.setdefault("organizations", list(self.instance.organizations.all()))
            self.initial.setdefault("staff", list(self.instance.staff.all()))


class TransitionForm(BootstrapMixin, forms.Form):
    to_status = forms.ChoiceField(label="New status")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices
        self._style()


class PostponeForm(TransitionForm):
    starts_at = forms.DateTimeField(required=False, widget=DATETIME, label="New start",
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])  # fmt: skip
    ends_at = forms.DateTimeField(required=False, widget=DATETIME, label="New end",
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])  # fmt: skip


class FeedbackForm(VersionedForm):
    class Meta:
        model = Feedback
        fields = ["topic", "details", "sector", "sentiment", "raised_by_organization", "raised_by_community",
                  "raised_by_person"]  # fmt: skip
        widgets = {"details": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, show_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        use_organization_picker(self.fields["raised_by_organization"], self.user)
        use_community_picker(self.fields["raised_by_community"], self.user)
        if not show_person:
            del self.fields["raised_by_person"]


class CommitmentForm(VersionedForm):
    class Meta:
        model = Commitment
        fields = ["description", "organization", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_organization_picker(self.fields["organization"], self.user)
        self.fields["organization"].empty_label = "OOBC"


class ActionItemForm(VersionedForm):
    place = place_field(
        required=False, label="Area", help_text="For a stand-alone action item (one from an engagement takes its area)."
    )

    class Meta:
        model = ActionItem
        fields = ["title", "details", "owner", "due_date", "responsible_organization"]
        widgets = {"details": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}

    def __init__(self, *args, engagement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users(self.user)
        use_organization_picker(self.fields["responsible_organization"], self.user)
        if engagement is not None or self.instance.pk:
            del self.fields["place"]


class PartnershipForm(VersionedForm):
    areas = area_field(help_text="Regions, provinces, cities/municipalities or barangays covered.")
    communities = forms.ModelMultipleChoiceField(queryset=BarangayOBC.objects.none(), required=False,
                                                 label="OBC communities covered")  # fmt: skip
    parties = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), required=False, help_text="The parties (OOBC included)."
    )

    class Meta:
        model = Partnership
        fields = ["kind", "reference_no", "title", "purpose", "is_nationwide", "effective_date", "expiry_date",
                  "owner"]  # fmt: skip
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "effective_date": DATE, "expiry_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_community_picker(self.fields["communities"], self.user)
        use_organization_picker(self.fields["parties"], self.user)
        self.fields["owner"].queryset = staff_users(self.user)
        if self.instance.pk:
            self.initial.setdefault("areas", [a.place for a in self.instance.areas.all()])
            self.initial.setdefault("communities", list(self.instance.communities.all()))
            self.initial.setdefault("parties", [p.organization for p in self.instance.parties.all()])

    def party_roles(self):
        """[(organization, role)], keeping the roles of existing parties; new ones are partners."""
        roles = {}
        if self.instance.pk:
            roles = dict(self.instance.parties.values_list("organization_id", "role"))
        return [(o, roles.get(o.pk, PartnershipParty.Role.PARTNER)) for o in self.cleaned_data["parties"]]


class MilestoneForm(VersionedForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "owner"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users(self.user)


class DocumentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(choices=PartnershipDocument.Kind.choices, label="Type")
    file = forms.FileField(help_text="PDF, Word (.docx), Excel (.xlsx), JPEG or PNG.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class SignatoryForm(VersionedForm):
    class Meta:
        model = Signatory
        fields = ["name", "position", "organization", "signed_on"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = partnership or self.instance.partnership
        self.fields["organization"].queryset = Organization.objects.for_user(self.user).filter(
            pk__in=partnership.parties.values("organization_id")
        )


class AreaFilterForm(forms.Form):
    """The area filter of the calendar and the 3W matrix: the shared place picker (region, then
    province/HUC), posting ``?region=&province=`` and offering only the user's areas."""

    place = PlaceField(
        levels=("region", "province"), names={"region": "region", "province": "province"}, any_labels=True,
        required=False, label="Area",
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_place_fields(self, user)
