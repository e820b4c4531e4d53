"""One FilterSet per list, shared by the page, the API and the exports."""

import django_filters
from django.db.models import Q

from common.filters import IdFilter, bounded_number_filter
from common.models import Province, Region
from mana.models import Assessment, Need, NeedCategory, Participant, Response


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter widgets (pages); the API ignores them."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            is_select = getattr(field.widget, "input_type", None) == "select"
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        return form


class AssessmentFilter(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)
    level = django_filters.ChoiceFilter(choices=Assessment.Level.choices)
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code")
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.all(), to_field_name="code")
    mine = django_filters.BooleanFilter(method="assigned", label="Assigned to me")

    class Meta:
        model = Assessment
        fields = ["q", "status", "level", "region", "province", "mine"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(purpose__icontains=value))

    def assigned(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        user = self.request.user
        return queryset.filter(Q(lead=user) | Q(pk__in=Assessment.objects.filter(facilitators=user).values("pk")))


class NeedFilter(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    category = django_filters.ChoiceFilter(choices=NeedCategory.choices)
    status = django_filters.ChoiceFilter(choices=Need.Status.choices)
    assessment = IdFilter(field_name="assessment_id", label="Assessment id")
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code")
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.all(), to_field_name="code")
    min_score = bounded_number_filter(
        minimum=0, maximum=100, field_name="priority_score", lookup_expr="gte", label="Score at least"
    )

    class Meta:
        model = Need
        fields = ["q", "category", "status", "assessment", "region", "province", "min_score"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class ParticipantFilter(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    sex = django_filters.ChoiceFilter(choices=Participant.Sex.choices)
    sector = django_filters.ChoiceFilter(choices=Participant.Sector.choices)
    age_group = django_filters.ChoiceFilter(choices=Participant.AgeGroup.choices)
    consent = django_filters.BooleanFilter(
        field_name="consent_at", lookup_expr="isnull", exclude=True, label="Consent recorded"
    )

    class Meta:
        model = Participant
        fields = ["q", "sex", "sector", "age_group", "consent"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(organization__icontains=value))


class ResponseFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=Response.Status.choices)
    session = IdFilter(field_name="session_id")
    assessment = IdFilter(field_name="assessment_id")
    version = IdFilter(field_name="version_id")

    class Meta:
        model = Response
        fields = ["status", "session", "assessment", "version"]
