"""Municipal and provincial coverage pages: list, detail (rolled-up vs curated), edit curated fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common import personal_data
from common.access import permission_allows
from common.appkit.views import ModelPermissionMixin, TablePageMixin, form_status, require_permission, save_form
from communities import services
from communities.filters import MunicipalCoverageFilterSet, ProvincialCoverageFilterSet
from communities.forms import CoverageForm
from communities.models import BarangayOBC, MunicipalCoverage, ProvincialCoverage
from communities.services import CURATED_FIELDS
from communities.tables import BarangayOBCTable, MunicipalCoverageTable, ProvincialCoverageTable

KINDS = {
    "municipal": {
        "model": MunicipalCoverage,
        "area": "municipality",
        "title": "Municipal coverage",
        "related": ("municipality__province__region",),
        "service": services.update_municipal_coverage,
    },
    "provincial": {
        "model": ProvincialCoverage,
        "area": "province",
        "title": "Provincial coverage",
        "related": ("province__region",),
        "service": services.update_provincial_coverage,
    },
}


class _CoverageListView(ModelPermissionMixin, TablePageMixin, SingleTableMixin, FilterView):
    template_name = "communities/coverage_list.html"
    kind = ""

    def get_queryset(self):
        spec = KINDS[self.kind]
        return spec["model"].objects.for_user(self.request.user, "view").select_related(*spec["related"])

    def get_context_data(self, **kwargs):
        title, export_url = KINDS[self.kind]["title"], reverse(f"communities-io:{self.kind}-export")
        return super().get_context_data(kind=self.kind, title=title, export_url=export_url, **kwargs)


class MunicipalCoverageListView(_CoverageListView):
    permission_model = MunicipalCoverage
    table_class = MunicipalCoverageTable
    filterset_class = MunicipalCoverageFilterSet
    kind = "municipal"


class ProvincialCoverageListView(_CoverageListView):
    permission_model = ProvincialCoverage
    table_class = ProvincialCoverageTable
    filterset_class = ProvincialCoverageFilterSet
    kind = "provincial"


def _coverage(request, kind, pk, action):
    spec = KINDS[kind]
    require_permission(request.user, spec["model"], action)
    queryset = spec["model"].objects.for_user(request.user, action).select_related(*spec["related"])
    return spec, get_object_or_404(queryset, pk=pk)


@login_required
def coverage_detail(request, kind, pk):
    spec, coverage = _coverage(request, kind, pk, "view")
    area = getattr(coverage, spec["area"])
    show_people = personal_data.can_view(request.user, spec["model"], obj=coverage)
    if show_people and coverage.focal_persons.strip():
        personal_data.log_export(user=request.user, model=spec["model"], rows=1, channel="page", file_format="html",
                                 description="Focal persons on a coverage page", target=coverage)  # fmt: skip
    communities = (
        BarangayOBC.objects.for_user(request.user, "view")
        .filter(**{spec["area"]: area})
        .select_related("barangay", "municipality", "province")
    )
    table = BarangayOBCTable(communities[:50], orderable=False)
    table.paginate(per_page=50)
    context = {
        "kind": kind,
        "title": spec["title"],
        "coverage": coverage,
        "area": area,
        "table": table,
        "more": coverage.community_count > 50,
        "filter_query": f"{spec['area']}={area.code}",
        "show_people": show_people,
        "can_change": permission_allows(request.user, spec["model"], "change"),
    }
    return render(request, "communities/coverage_detail.html", context)


@login_required
def coverage_edit(request, kind, pk):
    spec, coverage = _coverage(request, kind, pk, "change")
    show_people = personal_data.can_view(request.user, spec["model"], obj=coverage)
    form_class = modelform_factory(spec["model"], form=CoverageForm, fields=CURATED_FIELDS)
    form = form_class(request.POST or None, instance=coverage, show_personal_data=show_people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        if save_form(form, spec["service"], user=request.user, coverage=coverage, expected_revision=revision, **data):
            messages.success(request, f"Saved {coverage}.")
            return redirect(coverage)
    context = {"form": form, "coverage": coverage, "kind": kind, "area": getattr(coverage, spec["area"])}
    return render(request, "communities/coverage_form.html", context, status=form_status(form))
