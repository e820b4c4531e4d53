"""Community leaders and contacts (personal data): add, edit, delete from the profile page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from common import personal_data
from common.appkit.views import form_status, require_permission, save_form
from communities import services
from communities.forms import CommunityLeaderForm
from communities.models import BarangayOBC, CommunityLeader


def _require_people(user, action):
    personal_data.require(user, CommunityLeader)
    require_permission(user, CommunityLeader, action)


@login_required
def leader_create(request, pk):
    _require_people(request.user, "add")
    community = get_object_or_404(BarangayOBC.objects.for_user(request.user, "view").select_related("barangay"), pk=pk)
    form = CommunityLeaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        leader = save_form(form, services.create_leader, user=request.user, community=community, **form.cleaned_data)
        if leader is not None:
            messages.success(request, "Leader/contact added.")
            return redirect(community)
    context = {"form": form, "community": community, "title": "Add leader or contact"}
    return render(request, "communities/leader_form.html", context, status=form_status(form))


def _leader(request, pk, action):
    _require_people(request.user, action)
    queryset = CommunityLeader.objects.for_user(request.user, action).select_related("community__barangay")
    return get_object_or_404(queryset, pk=pk, community__deleted_at__isnull=True)


@login_required
def leader_edit(request, pk):
    leader = _leader(request, pk, "change")
    form = CommunityLeaderForm(request.POST or None, instance=leader)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        if save_form(
            form, services.update_leader, user=request.user, leader=leader, expected_revision=revision, **data
        ):
            messages.success(request, "Leader/contact saved.")
            return redirect(leader.community)
    context = {"form": form, "community": leader.community, "title": f"Edit {leader.name}"}
    return render(request, "communities/leader_form.html", context, status=form_status(form))


@login_required
def leader_delete(request, pk):
    leader = _leader(request, pk, "delete")
    if request.method == "POST":
        community = leader.community
        services.delete_leader(user=request.user, leader=leader)
        messages.success(request, "Leader/contact removed.")
        return redirect(community)
    return render(request, "communities/confirm_delete.html", {"object": leader, "kind": "leader or contact"})
