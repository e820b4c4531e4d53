"""Evidence pages: cite evidence, remove a citation, download an uploaded document (only through
this access-checked view, never from a media URL)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from common.appkit.views import form_page
from common.uploads import document_response
from policies import services
from policies.forms import EvidenceForm
from policies.models import REVIEW, Evidence, Recommendation, can_view_internal

from .base import require_permission
from .recommendations import visible


@login_required
def evidence_add(request, pk):
    rec = visible(request.user, pk, "change")
    if not rec.is_editable and not request.user.has_perm(REVIEW):
        raise PermissionDenied
    initial = {}
    for name in ("need", "community"):
        if request.GET.get(name, "").isdigit():
            initial.update({"kind": name, name: int(request.GET[name])})
    form = EvidenceForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)

    def save(f):
        services.add_evidence(user=request.user, recommendation=rec, **f.service_data())
        return rec

    return form_page(
        request, form, save, success="Evidence cited.", template="policies/form.html",
        context={"title": f"Cite evidence for {rec.reference}", "cancel": rec.get_absolute_url(), "multipart": True,
                 "frozen": not rec.is_editable},
    )  # fmt: skip


@login_required
@require_POST
def evidence_remove(request, pk):
    require_permission(request.user, Recommendation, "change")
    evidence = get_object_or_404(Evidence.objects.for_user(request.user, "change"), pk=pk)
    rec = evidence.recommendation
    try:
        services.remove_evidence(user=request.user, evidence=evidence, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Citation removed.")
    return redirect(rec)


@login_required
def evidence_download(request, pk):
    """The only way to an evidence document: the role, the area, then the file."""
    require_permission(request.user, Recommendation, "view")
    if not can_view_internal(request.user):
        raise PermissionDenied
    evidence = get_object_or_404(Evidence.objects.for_user(request.user).exclude(file=""), pk=pk)
    return document_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)
