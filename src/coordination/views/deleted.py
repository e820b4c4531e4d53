"""Deleting and restoring organizations, partnerships and engagements (soft delete, as communities):
the "Deleted records" list of each, in the user's areas, with a Restore button."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.appkit.views import paginate, require_permission, run_action
from coordination import services
from coordination.models import Engagement, Organization, Partnership


@dataclass(frozen=True)
class Kind:
    model: type
    delete: object
    restore: object
    noun: str  # the URL noun and the service keyword

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)


KINDS = {
    "organization": Kind(Organization, services.delete_organization, services.restore_organization, "organization"),
    "partnership": Kind(Partnership, services.delete_partnership, services.restore_partnership, "partnership"),
    "engagement": Kind(Engagement, services.delete_engagement, services.restore_engagement, "engagement"),
}


@login_required
def record_delete(request, pk, kind):
    """Confirm, then soft-delete (organizations have their own page: a party to an agreement stays)."""
    spec = KINDS[kind]
    require_permission(request.user, spec.model, "delete")
    record = get_object_or_404(spec.model.objects.for_user(request.user, "delete"), pk=pk)
    if request.method == "POST":
        try:
            spec.delete(user=request.user, **{spec.noun: record})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(record)
        messages.success(request, f"Deleted {record}. It can be restored from Deleted records.")
        return redirect(f"coordination:{spec.noun}-list")
    return render(request, "coordination/confirm.html", {"object": record, "kind": spec.label, "verb": "Delete"})


@login_required
def deleted_list(request, kind):
    spec = KINDS[kind]
    require_permission(request.user, spec.model, "delete")
    records = (
        spec.model.objects.deleted()
        .in_scope_of(request.user, "delete")
        .select_related("deleted_by")
        .order_by("-deleted_at", "-pk")
    )
    context = {"page": paginate(request, records), "kind": spec, "title": f"Deleted {spec.plural}"}
    return render(request, "coordination/deleted_list.html", context)


@require_POST
@login_required
def record_restore(request, pk, kind):
    spec = KINDS[kind]
    require_permission(request.user, spec.model, "delete")
    record = get_object_or_404(spec.model.objects.deleted().in_scope_of(request.user, "delete"), pk=pk)
    if run_action(request, spec.restore, **{spec.noun: record}) is None:
        return redirect(f"coordination:{spec.noun}-deleted")
    messages.success(request, f"Restored {record}.")
    return redirect(record)
