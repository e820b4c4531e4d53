"""Barangay OBC pages: list, detail, add, edit, soft delete, deleted records and restore."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common import personal_data
from common.access import permission_allows
from common.appkit.views import (
    ModelPermissionMixin,
    TablePageMixin,
    form_status,
    get_scoped_or_404,
    permission_required,
    run_action,
    save_form,
)
from common.remote_select import choices_response
from communities import selectors, services
from communities.choices import communities_for, community_label
from communities.filters import BarangayOBCFilterSet
from communities.forms import BarangayOBCForm
from communities.models import BarangayOBC, CommunityLeader
from communities.tables import BarangayOBCTable

from .presenters import profile_sections


class BarangayOBCListView(ModelPermissionMixin, TablePageMixin, SingleTableMixin, FilterView):
    permission_model = BarangayOBC
    table_class = BarangayOBCTable
    filterset_class = BarangayOBCFilterSet
    template_name = "communities/barangay_list.html"

    def get_queryset(self):
        return BarangayOBC.objects.for_user(self.request.user, "view").select_related(
            "barangay", "municipality", "province"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = permission_allows(user, BarangayOBC, "add")
        context["can_delete"] = permission_allows(user, BarangayOBC, "delete")
        return context


def _visible(request, pk, action="view"):
    queryset = BarangayOBC.objects.select_related(
        "barangay", "municipality", "province__region", "created_by", "updated_by"
    )
    return get_scoped_or_404(queryset, request, pk, action)


@permission_required(BarangayOBC, "view")
def barangay_detail(request, pk):
    community = _visible(request, pk)
    show_people = personal_data.can_view(request.user, CommunityLeader, obj=community)
    leaders = list(selectors.leaders_for(request.user, community)) if show_people else []
    if leaders:
        personal_data.log_export(user=request.user, model=CommunityLeader, rows=len(leaders), channel="page",
                                 file_format="html", description="Leaders and contacts on a community profile page",
                                 target=community)  # fmt: skip
    context = {
        "community": community,
        "sections": profile_sections(community),
        "show_people": show_people,
        "leaders": leaders,
        "can_change": permission_allows(request.user, BarangayOBC, "change"),
        "can_delete": permission_allows(request.user, BarangayOBC, "delete"),
        "can_add_leader": show_people and permission_allows(request.user, CommunityLeader, "add"),
        "history": selectors.change_history(community),
    }
    return render(request, "communities/barangay_detail.html", context)


@permission_required(BarangayOBC, "add")
def barangay_create(request):
    form = BarangayOBCForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        community = save_form(
            form,
            services.create_community,
            user=request.user,
            barangay=form.cleaned_data["barangay"],
            **form.profile_data(),
        )
        if community is not None:
            messages.success(request, f"Saved {community.obc_id} · {community.display_name}.")
            return redirect(community)
    context = {"form": form, "title": "Add Barangay OBC"}
    return render(request, "communities/barangay_form.html", context, status=form_status(form))


@permission_required(BarangayOBC, "change")
def barangay_edit(request, pk):
    community = _visible(request, pk, "change")
    form = BarangayOBCForm(request.POST or None, instance=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            services.update_community,
            user=request.user,
            community=community,
            barangay=form.cleaned_data["barangay"],
            expected_revision=form.expected_revision,
            **form.profile_data(),
        )
        if saved is not None:
            messages.success(request, f"Saved changes to {saved.obc_id}.")
            return redirect(saved)
        community.refresh_from_db()  # the refused service call may have changed it in memory
    context = {"form": form, "community": community, "title": f"Edit {community.obc_id}"}
    return render(request, "communities/barangay_form.html", context, status=form_status(form))


@permission_required(BarangayOBC, "delete")
def barangay_delete(request, pk):
    community = _visible(request, pk, "delete")
    if request.method == "POST":
        services.soft_delete_community(user=request.user, community=community)
        messages.success(request, f"Deleted {community.obc_id}. It can be restored from Deleted records.")
        return redirect("communities:barangay-list")
    return render(request, "communities/confirm_delete.html", {"object": community, "kind": "barangay OBC"})


class DeletedBarangayOBCListView(ModelPermissionMixin, TablePageMixin, SingleTableMixin, FilterView):
    permission_model = BarangayOBC
    permission_action = "delete"
    table_class = BarangayOBCTable
    filterset_class = BarangayOBCFilterSet
    template_name = "communities/deleted_list.html"

    def get_queryset(self):
        return (
            BarangayOBC.all_objects.deleted()
            .for_user(self.request.user, "delete")
            .select_related("barangay", "municipality", "province", "deleted_by")
        )

    def get_table_kwargs(self):
        return {"exclude": ("households", "last_validated_on", "primary_livelihood")}


@require_POST
@permission_required(BarangayOBC, "delete")
def barangay_restore(request, pk):
    queryset = BarangayOBC.all_objects.deleted().for_user(request.user, "delete")
    community = get_object_or_404(queryset.select_related("barangay"), pk=pk)
    if run_action(request, services.restore_community, community=community) is None:
        return redirect("communities:barangay-deleted")
    messages.success(request, f"Restored {community.obc_id}.")
    return redirect(community)


@permission_required(BarangayOBC, "view")
def barangay_choices(request):
    """Barangay OBCs matching ``?q=`` (place names folded, or the OBC ID) for the remote selects (JSON)."""
    return choices_response(
        request, communities_for(request.user), exact_fields=("obc_id",), order=("obc_id",), label=community_label
    )
