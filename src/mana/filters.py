"""One FilterSet per list, shared by the page, the API and the exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from common.filters import FoldedSearchFilter, IdFilter, StrictBooleanFilter, bounded_number_filter
from common.places.filters import PlaceFilter, PlaceFilterSetMixin
from mana.models import Assessment, Need, NeedCategory, Participant, Response, Session

ANY = "Any"


class PlainSelect(forms.Select):
    """A select rendered in one pass, without a template per option: an assessment filter can
    offer a few hundred choices on the board, where per-option templates cost tens of ms. Every
    select of the MANA filters uses it (a list page renders five or six of them)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class AnyYesNoSelect(PlainSelect):
    """A yes/no filter whose empty choice reads "Any" (not Django's "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", ANY), ("true", "Yes"), ("false", "No")])

    def format_value(self, value):
        return {True: ["true"], False: ["false"], "true": ["true"], "false": ["false"]}.get(value, [""])


def _user_assessments(request):
    """Choices of an assessment filter: the assessments the user may see (none without a request)."""
    if request is None:
        return Assessment.objects.none()
    return Assessment.objects.for_user(request.user, "view").alive().only("pk", "title").order_by("title", "pk")


def _user_sessions(request):
    if request is None:
        return Session.objects.none()
    return Session.objects.for_user(request.user, "view").only("pk", "title").order_by("title", "pk")


def choice(choices, **kwargs):
    """A choice filter whose empty choice reads "Any"."""
    return django_filters.ChoiceFilter(choices=choices, empty_label=ANY, widget=PlainSelect, **kwargs)


def model_choice(queryset, **kwargs):
    """A model choice filter ("Any"; rendered in one pass, see ``PlainSelect``)."""
    return django_filters.ModelChoiceFilter(queryset=queryset, empty_label=ANY, widget=PlainSelect, **kwargs)


def yes_no(**kwargs):
    return StrictBooleanFilter(widget=AnyYesNoSelect, **kwargs)


AREA_PATHS = {"region": "region", "province": "province"}


class StyledFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
    """Bootstrap classes on the filter widgets (pages; the API ignores them). Place filters use the
    shared place picker, bound to the request's user; declare selects with ``choice``/``model_choice``/
    ``yes_no`` so the empty choice reads "Any"."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            is_select = getattr(field.widget, "input_type", None) == "select"
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        if "place" in form.fields:
            form.fields["place"].widget.attrs.update({"small": True, "level_class": "col-6"})
        return form


class AssessmentFilter(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Title or purpose")
    status = choice(Assessment.Status.choices)
    level = choice(Assessment.Level.choices)
    place = PlaceFilter(levels=("region", "province"), paths=AREA_PATHS, label="Area")
    mine = yes_no(method="assigned", label="Assigned to me")

    class Meta:
        model = Assessment
        fields = ["q", "status", "level", "place", "mine"]

    def assigned(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        user = self.request.user
        return queryset.filter(Q(lead=user) | Q(pk__in=Assessment.objects.filter(facilitators=user).values("pk")))


class NeedFilter(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Title or description")
    category = choice(NeedCategory.choices)
    status = choice(Need.Status.choices)
    assessment = model_choice(_user_assessments, label="Assessment")
    place = PlaceFilter(levels=("region", "province"), paths=AREA_PATHS, label="Area")
    min_score = bounded_number_filter(
        minimum=0, maximum=100, field_name="priority_score", lookup_expr="gte", label="Score at least"
    )

    class Meta:
        model = Need
        fields = ["q", "category", "status", "assessment", "place", "min_score"]


class ParticipantFilter(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Name or organization")
    sex = choice(Participant.Sex.choices)
    sector = choice(Participant.Sector.choices)
    age_group = choice(Participant.AgeGroup.choices)
    consent = yes_no(field_name="consent_at", lookup_expr="isnull", exclude=True, label="Consent recorded")

    class Meta:
        model = Participant
        fields = ["q", "sex", "sector", "age_group", "consent"]


class ResponseFilter(StyledFilterSet):
    status = choice(Response.Status.choices)
    session = model_choice(_user_sessions)
    assessment = model_choice(_user_assessments)
    version = IdFilter(field_name="version_id")

    class Meta:
        model = Response
        fields = ["status", "session", "assessment", "version"]


class SessionFilter(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    assessment = model_choice(_user_assessments)
    status = choice(Session.Status.choices)

    class Meta:
        model = Session
        fields = ["q", "assessment", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(venue__icontains=value))
