"""Forms of the policies pages. They collect and type-check input; the services validate it (the
same rules as the API). Places are chosen with the shared place picker (``common/places``: only the
user's areas offered and accepted); related-record fields offer only what ``for_user`` returns."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from common.appkit.forms import ServiceValidatedModelForm, VersionedFormMixin
from common.places.fields import bind_place_fields
from common.places.multi import PlaceListField
from common.remote_select import use_remote_select
from communities.choices import use_community_picker
from communities.models import BarangayOBC
from coordination.choices import use_engagement_picker, use_organization_picker
from coordination.models import Engagement, Feedback
from mana.models import Assessment, Need
from policies.models import (
    EvidenceKind,
    ImplementationDocument,
    ImplementationMilestone,
    Indicator,
    Recommendation,
    Reliability,
    ReportingFrequency,
)


class StyledMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


RELATIONS = ("communities", "responsible_organizations", "partner_organizations")


class RecommendationForm(VersionedFormMixin, StyledMixin, ServiceValidatedModelForm):
    """The content of a recommendation, with the revision it read (``VersionedFormMixin``: a stale save
    is refused with who changed what, and keeps what the user typed)."""

    areas = PlaceListField(
        help_text="The regions, provinces, cities/municipalities or barangays of the scope level "
        "(leave empty for a national recommendation).",
    )
    field_order = ["title", "rec_type", "category", "sector", "scope_level", "areas", "communities"]

    class Meta:
        model = Recommendation
        fields = [
            "title", "rec_type", "category", "sector", "scope_level", "communities", "problem", "proposed_action",
            "expected_outcomes", "beneficiaries_count", "beneficiary_groups", "budget_amount", "funding_source",
            "fiscal_year", "responsible_organizations", "partner_organizations", "importance", "urgency",
        ]  # fmt: skip
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "proposed_action": forms.Textarea(attrs={"rows": 3}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        use_community_picker(self.fields["communities"], user)
        use_organization_picker(self.fields["responsible_organizations"], user)
        use_organization_picker(self.fields["partner_organizations"], user)
        bind_place_fields(self, user)
        if self.instance.pk:
            self.initial.setdefault("areas", [a.place for a in self.instance.areas.all()])
        self._style()

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}
        data["areas"] = self.cleaned_data["areas"]
        return data


class ReviseForm(RecommendationForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why the endorsed content changes.")

    def service_data(self) -> dict:
        data = super().service_data()
        data["reason"] = self.cleaned_data["reason"]
        return data


class TransitionForm(StyledMixin, forms.Form):
    to_status = forms.ChoiceField(label="Next step")
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to return, reject, withdraw or hold; never shown to partners.",
    )  # fmt: skip

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = list(choices)
        self._style()


class EvidenceForm(StyledMixin, forms.Form):
    """One form for every kind of evidence; the service checks the kind has what it needs."""

    kind = forms.ChoiceField(choices=EvidenceKind.choices, label="Type of evidence")
    need = forms.ModelChoiceField(queryset=Need.objects.none(), required=False, label="MANA need")
    assessment = forms.ModelChoiceField(queryset=Assessment.objects.none(), required=False, label="MANA assessment")
    community = forms.ModelChoiceField(queryset=BarangayOBC.objects.none(), required=False, label="Community profile")
    engagement = forms.ModelChoiceField(queryset=Engagement.objects.none(), required=False)
    feedback = forms.ModelChoiceField(queryset=Feedback.objects.none(), required=False, label="Engagement feedback")
    file = forms.FileField(required=False, help_text="PDF, Word (.docx), Excel (.xlsx), JPEG or PNG.")
    source_title = forms.CharField(required=False, max_length=300, label="Title (document or external source)")
    source_author = forms.CharField(required=False, max_length=200, label="Author or publisher")
    source_year = forms.IntegerField(required=False, min_value=1900, max_value=2100, label="Year")
    source_url = forms.URLField(required=False, max_length=500, label="Link", assume_scheme="https")
    reliability = forms.ChoiceField(choices=Reliability.choices, initial=Reliability.B)
    statement = forms.CharField(max_length=500, label="What it shows", widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(required=False, label="Reason (endorsed recommendations only)",
                             help_text="Adding evidence to endorsed content records a revision.")  # fmt: skip

    TARGETS = ("need", "assessment", "community", "engagement", "feedback")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        needs = Need.objects.for_user(user).filter(deleted_at__isnull=True).only("title")
        use_remote_select(self.fields["need"], needs, reverse_lazy("mana:need-choices"))
        self.fields["assessment"].queryset = Assessment.objects.for_user(user).filter(deleted_at__isnull=True)
        use_community_picker(self.fields["community"], user)
        use_engagement_picker(self.fields["engagement"], user)
        self.fields["feedback"].queryset = Feedback.objects.for_user(user).only("topic")
        self._style()

    def service_data(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        out = {
            "kind": kind, "statement": data["statement"], "reliability": data["reliability"],
            "reason": data.get("reason", ""),
        }  # fmt: skip
        if kind in self.TARGETS:
            out["target"] = data.get(kind)
        if kind in (EvidenceKind.DOCUMENT, EvidenceKind.EXTERNAL):
            out.update({k: data.get(k) or ("" if k != "source_year" else None) for k in
                        ("source_title", "source_author", "source_year", "source_url")})  # fmt: skip
        if kind == EvidenceKind.DOCUMENT:
            out["upload"] = data.get("file")
        return out


class RemoveEvidenceForm(forms.Form):
    reason = forms.CharField(required=False)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(StyledMixin, forms.Form):
    frequency = forms.ChoiceField(choices=ReportingFrequency.choices, label="Reporting frequency")
    first_due = forms.DateField(required=False, widget=DATE, label="First report due",
                                help_text="Empty: one period from today.")  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MilestoneForm(VersionedFormMixin, StyledMixin, ServiceValidatedModelForm):
    class Meta:
        model = ImplementationMilestone
        fields = ["title", "due_date", "owner_organization", "status", "percent_complete"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_organization_picker(self.fields["owner_organization"], user)
        self._style()

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class IndicatorForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def _post_clean(self):
        """Validated by the service."""


class MeasureForm(StyledMixin, forms.Form):
    actual = forms.DecimalField(max_digits=14, decimal_places=2)
    measured_on = forms.DateField(widget=DATE, label="Date of measure")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ProgressForm(StyledMixin, forms.Form):
    period_end = forms.DateField(widget=DATE, label="Period ending")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Progress made")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ImplementationDocumentForm(StyledMixin, forms.Form):
    kind = forms.ChoiceField(choices=ImplementationDocument.Kind.choices, label="Type")
    milestone = forms.ModelChoiceField(queryset=ImplementationMilestone.objects.none(), required=False)
    file = forms.FileField(help_text="PDF, Word (.docx), Excel (.xlsx), JPEG or PNG.")

    def __init__(self, *args, recommendation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = ImplementationMilestone.objects.filter(recommendation=recommendation)
        self._style()
