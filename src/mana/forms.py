from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils import dateformat, timezone

from common.access import can_view_personal_data
from common.appkit.forms import ServiceValidatedModelForm, VersionedFormMixin
from common.models import Municipality
from common.places.fields import PlaceField, bind_place_fields, scoped
from mana.community import community_label, community_queryset
from mana.models import (
    METHOD_CHOICES,
    Assessment,
    Instrument,
    InstrumentVersion,
    Need,
    Participant,
    Question,
    Response,
    Section,
    Session,
)
from mana.models.assessments import ASSESSMENT_INPUT_FIELDS
from mana.models.needs import NEED_INPUT_FIELDS
from mana.services.access import staff_users

DATE = forms.DateInput(attrs={"type": "date"})
AREA_FIELDS = ("region", "province", "municipality")


def picker_field(label, *, multiple=True, help_text="Choose the city/municipality first; its barangays load here."):
    """A barangay select that renders only a bounded set of options (never all 42,000 barangays).
    ``static/mana/barangay_picker.js`` loads the barangays of the chosen city/municipality from the
    location API; the form validates against the user's scoped queryset."""
    cls = forms.ModelMultipleChoiceField if multiple else forms.ModelChoiceField
    widget = forms.SelectMultiple(attrs={"size": 8}) if multiple else forms.Select
    return cls(
        queryset=community_queryset().none(),
        required=False,
        label=label,
        to_field_name="code",
        widget=widget,
        help_text=help_text,
    )


def bound_picker(form, name, *, valid, shown, source="id_municipality"):
    """``valid``: queryset the posted codes are checked against; ``shown``: the options rendered
    (plus whatever is selected)."""
    field = form.fields[name]
    field.queryset = valid
    selected = form.data.getlist(name) if form.is_bound and hasattr(form.data, "getlist") else []
    if form.is_bound and not selected and form.data.get(name):
        selected = [form.data.get(name)]
    initial = form.initial.get(name)
    if initial and not form.is_bound:
        items = initial if isinstance(initial, list | tuple) or hasattr(initial, "__iter__") else [initial]
        selected = [getattr(i, "code", i) for i in items]
    options = list(shown.order_by("name")[:400]) if shown is not None else []
    codes = {o.code for o in options}
    extra = list(valid.filter(code__in=[c for c in selected if c not in codes]))
    choices = [(b.code, community_label(b)) for b in [*extra, *options]]
    field.widget.choices = choices if isinstance(field, forms.ModelMultipleChoiceField) else [("", "—"), *choices]
    field.widget.attrs.update({"data-barangay-picker": "1", "data-municipality-source": source})


def area_communities(assessment):
    qs = community_queryset()
    if assessment.municipality_id:
        return qs.of_municipality(assessment.municipality)
    if assessment.province_id:
        return qs.filter(municipality__province=assessment.province)
    return qs.filter(municipality__province__region=assessment.region)


def add_community_picker(form, name, *, assessment, user):
    """Communities of an assessment: its covered communities when listed (a short static list);
    otherwise a picker over its area (or, without an assessment, the user's areas) fed by a helper
    city/municipality select, so no page ever lists every barangay of a region."""
    if assessment is not None and assessment.communities.exists():
        covered = assessment.communities.all()
        bound_picker(form, name, valid=covered, shown=covered)
        # No city/municipality select on this form: the help text must not point at one.
        form.fields[name].help_text = "The communities this assessment covers."
        return
    within = None
    if assessment is not None:
        valid = area_communities(assessment)
        within = assessment.municipality or assessment.province or assessment.region
    else:
        valid = community_queryset().for_user(user)
    # The shared place picker narrows the barangays to one city/municipality of the area, in the user's areas.
    helper = PlaceField(
        levels=AREA_FIELDS,
        names={level: level for level in AREA_FIELDS},
        label="City/municipality",
        help_text="Choose the city/municipality; its barangays are listed below.",
    )
    helper.limit_to(user, within=within)
    municipality = assessment.municipality if assessment is not None else None
    if form.is_bound and form.data.get("municipality"):
        chosen = scoped("municipality", user, within).filter(code=form.data["municipality"]).first()
        municipality = chosen or municipality
    if municipality is not None:
        helper.initial = municipality
    fields = list(form.fields.items())
    index = [k for k, _ in fields].index(name)
    form.fields = dict([*fields[:index], ("municipality", helper), *fields[index:]])  # the views drop it
    shown = community_queryset().of_municipality(municipality) if municipality else None
    bound_picker(form, name, valid=valid, shown=shown)


class AssessmentForm(VersionedFormMixin, ServiceValidatedModelForm):
    methods = forms.MultipleChoiceField(choices=METHOD_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    place = PlaceField(
        levels=AREA_FIELDS,
        required_level="region",
        names={level: level for level in AREA_FIELDS},
        label="Area",
        help_text="A regional assessment needs a region; provincial a province (or HUC); municipal and community "
        "assessments a city or municipality. Only your areas are offered.",
    )
    communities = picker_field("Communities covered (barangays)")

    class Meta:
        model = Assessment
        fields = [f for f in ASSESSMENT_INPUT_FIELDS if f not in AREA_FIELDS]
        widgets = {"start_date": DATE, "end_date": DATE, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bind_place_fields(self, user)
        self.order_fields(["title", "purpose", "level", "place"])
        if self.instance.pk:
            instance = self.instance
            self.initial["place"] = instance.municipality or instance.province or instance.region
        municipality = self.instance.municipality if self.instance.pk else None
        if self.is_bound and self.data.get("municipality"):
            municipality = Municipality.objects.filter(code=self.data["municipality"]).first()
        shown = community_queryset().of_municipality(municipality) if municipality else None
        bound_picker(self, "communities", valid=community_queryset().for_user(user), shown=shown)
        self.fields["lead"].queryset = staff_users(user)
        self.fields["facilitators"].queryset = staff_users(user)
        self.fields["facilitators"].widget.attrs["size"] = 5

    def clean(self):
        """The service takes region, province and municipality: the place picker gives all three."""
        data = super().clean()
        place = data.pop("place", None)
        if place is not None:
            data.update({level: place.get(level) for level in AREA_FIELDS})
        return data

    def add_error(self, field, error):
        """Service errors on the area fields belong to the place picker."""
        if isinstance(error, dict) and any(key in AREA_FIELDS for key in error):
            error = {("place" if key in AREA_FIELDS else key): value for key, value in error.items()}
        super().add_error("place" if field in AREA_FIELDS else field, error)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class ParticipantForm(VersionedFormMixin, ServiceValidatedModelForm):
    consent_method = forms.ChoiceField(
        choices=[("", "— not yet —"), *Participant.ConsentMethod.choices], required=False, label="Consent given"
    )
    consent_given_by = forms.CharField(
        required=False, label="Consent given by", help_text="Leave empty when the participant consented personally."
    )
    consent_at = forms.DateTimeField(
        required=False,
        label="Consent date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: now.",
    )

    class Meta:
        model = Participant
        fields = ["name", "sex", "age_group", "sector", "organization", "community", "contact"]

    def __init__(self, *args, assessment, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"] = picker_field("Community (barangay)", multiple=False)
        add_community_picker(self, "community", assessment=assessment, user=user)
        self._add_profile_choice(user)
        if self.instance.pk and self.instance.has_consent:
            self.fields["consent_method"].initial = self.instance.consent_method
            self.fields["consent_given_by"].initial = self.instance.consent_given_by
            self.fields["consent_at"].initial = self.instance.consent_at

    def _add_profile_choice(self, user) -> None:
        """A barangay with several OBC profiles: the participant's page asks which one (the user's
        visible profiles in the participant's barangay only)."""
        barangay_id = self.instance.community_id if self.instance.pk else None
        if user is None or not barangay_id:
            return
        from communities.models import BarangayOBC

        profiles = BarangayOBC.objects.for_user(user, "view").filter(barangay_id=barangay_id).order_by("obc_id")
        if profiles.count() < 2:
            return
        self.fields["community_profile"] = forms.ModelChoiceField(
            queryset=profiles,
            required=False,
            initial=self.instance.community_profile_id,
            label="OBC community in this barangay",
            empty_label="Not known",
            help_text="The barangay holds several OBC communities; choose the participant's.",
        )
        self.fields["community_profile"].label_from_instance = lambda p: f"{p.obc_id} · {p.display_name}"


class InstrumentForm(ServiceValidatedModelForm):
    class Meta:
        model = Instrument
        fields = ["title", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(ServiceValidatedModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(VersionedFormMixin, ServiceValidatedModelForm):
    choices_text = forms.CharField(
        label="Options (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Single and multiple choice: the options, one per line.",
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "order",
            "text",
            "help_text",
            "qtype",
            "required",
            "scale_min",
            "scale_max",
            "min_value",
            "max_value",
        ]

    #: Fields only some question types use: shown for those types only (static/mana/question_form.js);
    #: without JavaScript every field shows, each saying which type it is for.
    TYPE_FIELDS = {
        "scale": (("scale_min", "scale_max"), (Question.Type.RATING,)),
        "limits": (("min_value", "max_value"), (Question.Type.NUMBER,)),
        "options": (("choices_text",), Question.CHOICE_TYPES),
    }

    def __init__(self, *args, version: InstrumentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "section",
            "order",
            "text",
            "help_text",
            Field("qtype", data_question_type="1"),
            "required",
            *[
                Div(*fields, data_for_types=" ".join(types), data_type_group=name)
                for name, (fields, types) in self.TYPE_FIELDS.items()
            ],
            *(["revision"] if "revision" in self.fields else []),  # the version being edited (hidden)
        )
        self.fields["section"].queryset = Section.objects.filter(version=version)
        self.fields["section"].empty_label = "No section"
        self.fields["order"].required = False
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(c.label for c in self.instance.choices.all())

    @property
    def choice_labels(self) -> list[str]:
        return self.cleaned_data.get("choices_text", "").splitlines()


class SessionForm(ServiceValidatedModelForm):
    class Meta:
        model = Session
        fields = ["version", "title", "venue", "community", "scheduled_at"]
        widgets = {"scheduled_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = InstrumentVersion.objects.filter(
            instrument__assessment=assessment, status=InstrumentVersion.Status.PUBLISHED
        ).select_related("instrument")
        self.fields["version"].label = "Instrument version (published)"
        self.fields["community"].queryset = assessment.communities.all()


def evidence_label(response, personal_data: bool) -> str:
    """ "Survey day 1 · Amina Hadjiri · 2 Dec 2026" (the participant's code for roles without
    personal-data access)."""
    when = response.submitted_at or response.updated_at
    date = dateformat.format(timezone.localtime(when), "j M Y") if when else "—"
    return f"{response.session.title} · {response.respondent_label(personal_data=personal_data)} · {date}"


class NeedForm(VersionedFormMixin, ServiceValidatedModelForm):
    affected_communities = picker_field("Affected communities")

    class Meta:
        model = Need
        fields = [*NEED_INPUT_FIELDS, "forwarded_to", "agency_response"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_sources": forms.Textarea(attrs={"rows": 2}),
            "agency_response": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_community_picker(self, "affected_communities", assessment=assessment, user=user)
        if assessment is not None:
            self.fields["evidence_responses"].queryset = (
                Response.objects.for_user(user, "view")
                .alive()
                .filter(assessment=assessment, status="submitted")
                .select_related("participant", "session")
                .order_by("session__title", "-submitted_at", "pk")
            )
            personal_data = can_view_personal_data(user)
            self.fields["evidence_responses"].label_from_instance = lambda r: evidence_label(r, personal_data)
        else:
            self.fields.pop("evidence_responses")


class NeedTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    forwarded_to_organization = forms.ModelChoiceField(
        queryset=None, required=False, label="Forwarded to (agency, ministry, LGU)",
        help_text="An organization from Coordination → Organizations.",
    )  # fmt: skip

    def __init__(self, *args, choices, user=None, **kwargs):
        from coordination.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices
        self.fields["forwarded_to_organization"].queryset = Organization.objects.for_user(user).only("name", "acronym")
