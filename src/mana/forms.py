from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils import dateformat, timezone

from common.access import can_view_personal_data
from common.appkit.forms import ServiceValidatedModelForm, VersionedFormMixin
from common.places.fields import PlaceField, PlaceSelection, bind_place_fields, scoped
from common.places.labels import place_labels
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


COMMUNITY_LEVELS = ("region", "province", "municipality", "barangay")


def community_picker(name, label, *, multiple, help_text=None):
    """The shared place picker choosing barangays: Region → Province/HUC → City/Municipality narrow
    what is offered (only the user's areas), the barangay select posts ``name`` (PSGC codes). With
    ``multiple`` the barangays chosen in one city/municipality stay chosen when the user moves to
    another, shown with their parent."""
    names = {level: f"{name}_{level}" for level in COMMUNITY_LEVELS[:-1]} | {"barangay": name}
    return PlaceField(
        levels=COMMUNITY_LEVELS,
        multiple=multiple,
        names=names,
        required=False,
        label=label,
        help_text=help_text
        or (
            "Choose a city/municipality, then its barangays (Ctrl/⌘-click for several); barangays chosen "
            "elsewhere stay chosen."
            if multiple
            else "Choose a city/municipality, then the barangay."
        ),
    )


def community_value(value, *, multiple):
    """A community field's cleaned value as the services take it: a list of barangays (or one)."""
    if isinstance(value, PlaceSelection):
        items = value.at("barangay")
    elif value is None:
        items = []
    else:  # the assessment's covered communities (a model choice)
        items = list(value) if multiple else [value]
    return items if multiple else (items[0] if items else None)


def area_of(assessment):
    return assessment.municipality or assessment.province or assessment.region


def add_community_picker(form, name, *, assessment, user, multiple, label):
    """Communities of an assessment: its covered communities when it lists them (a short list);
    otherwise the shared place picker over its area (or, without an assessment, the user's areas).
    Offered and accepted values come from ``for_user`` of the acting user."""
    current = form.instance.pk and getattr(form.instance, name if multiple else f"{name}_id")
    if assessment is not None and assessment.communities.exists():
        covered = scoped("barangay", user).filter(pk__in=assessment.communities.values("pk")).order_by("name")
        labels = place_labels(covered)
        cls = forms.ModelMultipleChoiceField if multiple else forms.ModelChoiceField
        extra = {"widget": forms.SelectMultiple(attrs={"size": 6})} if multiple else {"empty_label": "—"}
        field = cls(queryset=covered, required=False, label=label, to_field_name="code", **extra)
        field.label_from_instance = lambda barangay: labels.get(barangay.pk, barangay.name)
        field.help_text = "The communities this assessment covers."
    else:
        field = community_picker(name, label, multiple=multiple)
        field.limit_to(user, within=area_of(assessment) if assessment is not None else None)
    form.fields[name] = field
    if current:
        chosen = scoped("barangay", user)
        chosen = chosen.filter(pk__in=current.values("pk")) if multiple else chosen.filter(pk=current)
        form.initial[name] = list(chosen.order_by("name")) if multiple else chosen.first()


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
    communities = community_picker("communities", "Communities covered (barangays)", multiple=True)

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
        add_community_picker(
            self, "communities", assessment=None, user=user, multiple=True, label="Communities covered (barangays)"
        )
        self.fields["lead"].queryset = staff_users(user)
        self.fields["facilitators"].queryset = staff_users(user)
        self.fields["facilitators"].widget.attrs["size"] = 5

    def clean_communities(self):
        return community_value(self.cleaned_data.get("communities"), multiple=True)

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
        add_community_picker(
            self, "community", assessment=assessment, user=user, multiple=False, label="Community (barangay)"
        )
        self._add_profile_choice(user)
        if self.instance.pk and self.instance.has_consent:
            self.fields["consent_method"].initial = self.instance.consent_method
            self.fields["consent_given_by"].initial = self.instance.consent_given_by
            self.fields["consent_at"].initial = self.instance.consent_at

    def clean_community(self):
        return community_value(self.cleaned_data.get("community"), multiple=False)

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
        add_community_picker(
            self, "affected_communities", assessment=assessment, user=user, multiple=True, label="Affected communities"
        )
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

    def clean_affected_communities(self):
        return community_value(self.cleaned_data.get("affected_communities"), multiple=True)


class NeedTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    forwarded_to_organization = forms.ModelChoiceField(
        queryset=None, required=False, label="Forwarded to (agency, ministry, LGU)",
        help_text="An organization from Coordination → Organizations.",
    )  # fmt: skip

    def __init__(self, *args, choices, user=None, **kwargs):
        from coordination.choices import use_organization_picker

        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices
        use_organization_picker(self.fields["forwarded_to_organization"], user)
