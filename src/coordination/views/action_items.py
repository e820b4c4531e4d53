"""Action items: "My action items", the list in the user's areas, detail, add, edit, status changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.appkit.views import form_page, run_action
from coordination import selectors, services
from coordination.filters import ActionItemFilterSet
from coordination.forms import ActionItemForm, TransitionForm
from coordination.models import ActionItem
from coordination.services.action_items import TRANSITIONS
from coordination.tables import ActionItemTable

from .base import ScopedListView, require_permission


class ActionItemListView(ScopedListView):
    model = ActionItem
    table_class = ActionItemTable
    filterset_class = ActionItemFilterSet
    title = "Action items"
    export_kind = "action-items"
    add_url_name = "coordination:action-add"

    def get_queryset(self):
        return ActionItem.objects.for_user(self.request.user).select_related("owner", "engagement")


class MyActionItemListView(ActionItemListView):
    """The signed-in user's own action items, open ones first, overdue ones highlighted."""

    title = "My action items"

    def get_queryset(self):
        return super().get_queryset().filter(owner=self.request.user)

    def get_table_kwargs(self):
        return {"exclude": ("owner",)}


def _visible(user, pk, action="view"):
    require_permission(user, ActionItem, action)
    qs = ActionItem.objects.for_user(user, action).select_related(
        "owner", "engagement", "responsible_organization", "closed_by", "region", "province", "municipality",
        "barangay",
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


def _choices(item):
    return [(s, ActionItem.Status(s).label) for s in ActionItem.Status.values if s in TRANSITIONS[item.status]]


@login_required
def action_detail(request, pk):
    item = _visible(request.user, pk)
    can_change = ActionItem.objects.for_user(request.user, "change").filter(pk=item.pk).exists()
    context = {
        "item": item,
        "can_change": can_change,
        "transition_form": TransitionForm(choices=_choices(item)) if can_change else None,
        "transitions": item.transitions.select_related("actor"),
        "history": selectors.change_history(item),
    }
    return render(request, "coordination/action_detail.html", context)


@login_required
def action_create(request):
    require_permission(request.user, ActionItem, "add")
    form = ActionItemForm(request.POST or None, user=request.user, initial={"owner": request.user})

    def save(f):
        return services.create_action_item(user=request.user, place=f.cleaned_data.get("place"), **f.service_data())

    return form_page(
        request, form, save, success="Action item {obj} added.", template="coordination/form.html",
        context={"title": "Add an action item"},
    )  # fmt: skip


@login_required
def action_edit(request, pk):
    item = _visible(request.user, pk, "change")
    form = ActionItemForm(request.POST or None, instance=item, user=request.user)

    def save(f):
        return services.update_action_item(
            user=request.user, item=item, expected_revision=f.expected_revision, **f.service_data()
        )

    return form_page(
        request, form, save, success="Saved {obj}.", template="coordination/form.html",
        context={"title": f"Edit {item.title}", "cancel": item.get_absolute_url()},
    )  # fmt: skip


@login_required
@require_POST
def action_transition(request, pk):
    item = _visible(request.user, pk, "change")
    form = TransitionForm(request.POST, choices=_choices(item))
    if not form.is_valid():
        messages.error(request, "Choose a valid new status.")
        return redirect(item)
    data = form.cleaned_data
    run_action(
        request, services.transition_action_item, item=item, to_status=data["to_status"], comment=data["comment"],
        success=f"Status set to {ActionItem.Status(data['to_status']).label}.",
    )  # fmt: skip
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/coordination/") else item)
