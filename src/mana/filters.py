"""One FilterSet per list, shared by the page, the API and the exports."""

import django_filters
from django.db.models import Q

from common.filters import FoldedSearchFilter
from common.places.filters import PlaceFilter, PlaceFilterSetMixin
from mana.models import Assessment, Need, NeedCategory, Participant, Response

AREA_PATHS = {"region": "region", "province": "province"}


class StyledFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
    """Bootstrap classes on the filter widgets (pages); the API ignores them. Place filters use the
    shared place picker, bound to the request's user."""

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
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)
    level = django_filters.ChoiceFilter(choices=Assessment.Level.choices)
    place = PlaceFilter(levels=("region", "province"), paths=AREA_PATHS, label="Area")
    mine = django_filters.BooleanFilter(method="assigned", label="Assigned to me")

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
    category = django_filters.ChoiceFilter(choices=NeedCategory.choices)
    status = django_filters.ChoiceFilter(choices=Need.Status.choices)
    assessment = django_filters.NumberFilter(field_name="assessment_id", label="Assessment id")
    place = PlaceFilter(levels=("region", "province"), paths=AREA_PATHS, label="Area")
    min_score = django_filters.NumberFilter(field_name="priority_score", lookup_expr="gte", label="Score at least")

    class Meta:
        model = Need
        fields = ["q", "category", "status", "assessment", "place", "min_score"]


class ParticipantFilter(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Name or organization")
    sex = django_filters.ChoiceFilter(choices=Participant.Sex.choices)
    sector = django_filters.ChoiceFilter(choices=Participant.Sector.choices)
    age_group = django_filters.ChoiceFilter(choices=Participant.AgeGroup.choices)
    consent = django_filters.BooleanFilter(
        field_name="consent_at", lookup_expr="isnull", exclude=True, label="Consent recorded"
    )

    class Meta:
        model = Participant
        fields = ["q", "sex", "sector", "age_group", "consent"]


class ResponseFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=Response.Status.choices)
    session = django_filters.NumberFilter(field_name="session_id")
    assessment = django_filters.NumberFilter(field_name="assessment_id")
    version = django_filters.NumberFilter(field_name="version_id")

    class Meta:
        model = Response
        fields = ["status", "session", "assessment", "version"]
