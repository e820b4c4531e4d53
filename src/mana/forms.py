from django import forms
from django.contrib.auth import get_user_model

from common.access import ADMINISTRATOR, MANA_FACILITATOR, PROGRAM_OFFICER
from common.models import Municipality, Province, Region
from mana.community import community_queryset
from mana.models import (
    METHOD_CHOICES,
    Assessment,
    Instrument,
    InstrumentVersion,
    Need,
    Participant,
    Question,
    Section,
    Session,
)

DATE = forms.DateInput(attrs={"type": "date"})


def staff_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[MANA_FACILITATOR, PROGRAM_OFFICER, ADMINISTRATOR])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AssessmentForm(forms.ModelForm):
    methods = forms.MultipleChoiceField(choices=METHOD_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)
    province = forms.ModelChoiceField(
        queryset=Province.objects.none(),
        required=False,
        help_text="For provincial, municipal and community assessments.",
    )
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), required=False, label="City/municipality"
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=community_queryset().none(),
        required=False,
        label="Communities covered (barangays)",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Assessment
        fields = [
            "title",
            "purpose",
            "level",
            "region",
            "province",
            "municipality",
            "communities",
            "methods",
            "start_date",
            "end_date",
            "lead",
            "facilitators",
            "budget",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.for_user(user).order_by("code")
        self.fields["province"].queryset = Province.objects.for_user(user).order_by("name")
        self.fields["municipality"].queryset = (
            Municipality.objects.for_cascade().for_user(user).select_related("province").order_by("name")
        )
        area = self.instance if self.instance.pk else None
        communities = community_queryset().for_user(user)
        if area is not None and area.municipality_id:
            communities = communities.of_municipality(area.municipality)
        elif area is not None and area.province_id:
            communities = communities.filter(municipality__province=area.province)
        self.fields["communities"].queryset = communities.order_by("municipality__name", "name")
        self.fields["lead"].queryset = staff_users()
        self.fields["facilitators"].queryset = staff_users()
        self.fields["facilitators"].widget.attrs["size"] = 5


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class ParticipantForm(forms.ModelForm):
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

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        qs = community_queryset()
        if assessment.municipality_id:
            qs = qs.of_municipality(assessment.municipality)
        elif assessment.province_id:
            qs = qs.filter(municipality__province=assessment.province)
        else:
            qs = qs.filter(municipality__province__region=assessment.region)
        covered = assessment.communities.all()
        self.fields["community"].queryset = covered if covered.exists() else qs.order_by("name")
        if self.instance.pk and self.instance.has_consent:
            self.fields["consent_method"].initial = self.instance.consent_method
            self.fields["consent_given_by"].initial = self.instance.consent_given_by
            self.fields["consent_at"].initial = self.instance.consent_at


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["title", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label="Options (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For single and multiple choice questions.",
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

    def __init__(self, *args, version: InstrumentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(version=version)
        self.fields["order"].required = False
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(c.label for c in self.instance.choices.all())

    @property
    def choice_labels(self) -> list[str]:
        return self.cleaned_data.get("choices_text", "").splitlines()


class SessionForm(forms.ModelForm):
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


class NeedForm(forms.ModelForm):
    affected_communities = forms.ModelMultipleChoiceField(
        queryset=community_queryset().none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )

    class Meta:
        model = Need
        fields = [
            "category",
            "title",
            "description",
            "affected_communities",
            "affected_population",
            "evidence_responses",
            "evidence_sources",
            "severity",
            "urgency",
            "feasibility",
            "cost_estimate",
            "forwarded_to",
            "agency_response",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_sources": forms.Textarea(attrs={"rows": 2}),
            "agency_response": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assessment is not None:
            covered = assessment.communities.all()
            if covered.exists():
                self.fields["affected_communities"].queryset = covered
            elif assessment.municipality_id:
                self.fields["affected_communities"].queryset = community_queryset().of_municipality(
                    assessment.municipality
                )
            else:
                self.fields["affected_communities"].queryset = (
                    community_queryset().filter(municipality__province=assessment.province)
                    if assessment.province_id
                    else community_queryset().filter(municipality__province__region=assessment.region)
                )
            self.fields["evidence_responses"].queryset = assessment.responses.filter(
                deleted_at__isnull=True, status="submitted"
            ).select_related("participant")
            self.fields["evidence_responses"].label_from_instance = lambda r: r.respondent_label(personal_data=False)
        else:
            self.fields["affected_communities"].queryset = community_queryset().for_user(user).order_by("name")
            self.fields.pop("evidence_responses")


class NeedTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    forwarded_to = forms.CharField(required=False, label="Forwarded to (agency, ministry, LGU)")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices
