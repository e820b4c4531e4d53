"""Draft pages: ask for a draft from a record, watch it being written, review it, accept or reject
it (action items one by one). A user sees only their own drafts, for records they can open."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ai_assistant.models.drafts import Draft, DraftKind, ItemStatus
from common.appkit.errors import FORM_ERRORS, add_messages, apply_to_form
from common.appkit.views import form_status, paginate

from . import services
from .forms import AcceptTextForm, ItemForm
from .targets import TARGETS

POLL_SECONDS = 1


def _own(request, pk) -> Draft:
    """The signed-in user's draft whose record they can still open; 404 for anything else."""
    return get_object_or_404(Draft.objects.for_user(request.user).select_related("job"), pk=pk)


def _target_or_404(request, kind, object_id, action="view"):
    if kind not in TARGETS:
        raise Http404("No such kind of draft.")
    target = services.visible_target(request.user, kind, object_id, action)
    if target is None:
        raise Http404("No such record.")
    return target


@login_required
@require_GET
def draft_list(request):
    page = paginate(request, Draft.objects.for_user(request.user).prefetch_related("target"))
    return render(request, "ai_assistant/drafts/list.html", {"page": page})


@login_required
@require_POST
def draft_add(request, kind, object_id):
    target = _target_or_404(request, kind, object_id)
    try:
        draft = services.request_draft(user=request.user, kind=kind, target=target)
    except FORM_ERRORS as error:
        add_messages(request, error)
        return redirect(target)
    return redirect(draft)


def _frozen(draft, target) -> bool:
    return draft.kind == DraftKind.BRIEF_NARRATIVE and not target.is_editable


def _revision(draft, target):
    return getattr(target, "revision", None)


def _context(request, draft, *, text_form=None, item_forms=None):
    target = services.visible_target(request.user, draft.kind, draft.object_id)
    can_change = services.visible_target(request.user, draft.kind, draft.object_id, "change") is not None
    context = {"draft": draft, "target": target, "can_change": can_change, "poll_seconds": POLL_SECONDS}
    if not draft.ready:
        return context
    if draft.kind == DraftKind.ACTION_ITEMS:
        forms = item_forms or {}
        rows = []
        for index, item in enumerate(draft.items):
            form = forms.get(index)
            if form is None and item.get("status") == ItemStatus.PENDING:
                form = ItemForm(user=request.user, prefix=f"item{index}", initial={
                    "title": item["title"], "owner": item.get("owner"), "due_date": item.get("due_date")})  # fmt: skip
            rows.append({"index": index, "item": item, "form": form})
        context["rows"] = rows
    else:
        context["form"] = text_form or AcceptTextForm(
            frozen=_frozen(draft, target), initial={"text": draft.text, "revision": _revision(draft, target)}
        )
        context["frozen"] = _frozen(draft, target)
    return context


@login_required
@require_GET
def draft_detail(request, pk):
    draft = _own(request, pk)
    return render(request, "ai_assistant/drafts/detail.html", _context(request, draft))


@login_required
@require_GET
def draft_progress(request, pk):
    """The progress of the job writing the draft (htmx polls it); once written, to the review page."""
    draft = _own(request, pk)
    if draft.ready or (draft.job and draft.job.is_finished and request.htmx):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = draft.get_absolute_url()
        return response
    return render(request, "ai_assistant/drafts/_progress.html", _context(request, draft))


@login_required
@require_POST
def draft_accept(request, pk):
    draft = _own(request, pk)
    target = services.visible_target(request.user, draft.kind, draft.object_id)
    form = AcceptTextForm(request.POST, frozen=_frozen(draft, target))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.accept_draft(user=request.user, draft=draft, text=data["text"],
                                  expected_revision=data.get("revision"), reason=data.get("reason", ""))  # fmt: skip
        except FORM_ERRORS as error:
            apply_to_form(form, error)
        else:
            messages.success(
                request, "Accepted: the text is saved in the record and marked AI-assisted in its history."
            )
            return redirect(target)
    context = _context(request, draft, text_form=form)
    return render(request, "ai_assistant/drafts/detail.html", context, status=form_status(form))


@login_required
@require_POST
def draft_reject(request, pk):
    draft = _own(request, pk)
    try:
        services.reject_draft(user=request.user, draft=draft)
    except FORM_ERRORS as error:
        add_messages(request, error)
        return redirect(draft)
    messages.info(request, "Draft rejected: nothing was written into the record.")
    return redirect(reverse("ai-drafts:draft-list"))


@login_required
@require_POST
def item_accept(request, pk, index):
    draft = _own(request, pk)
    form = ItemForm(request.POST, user=request.user, prefix=f"item{index}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.accept_item(user=request.user, draft=draft, index=index, title=data["title"],
                                           owner=data["owner"], due_date=data["due_date"])  # fmt: skip
        except FORM_ERRORS as error:
            apply_to_form(form, error)
        else:
            messages.success(request, f"Action item “{created.title}” created.")
            return redirect(draft)
    context = _context(request, draft, item_forms={index: form})
    return render(request, "ai_assistant/drafts/detail.html", context, status=form_status(form))


@login_required
@require_POST
def item_reject(request, pk, index):
    draft = _own(request, pk)
    try:
        services.reject_item(user=request.user, draft=draft, index=index)
    except FORM_ERRORS as error:
        add_messages(request, error)
    else:
        messages.info(request, "Proposed item discarded.")
    return redirect(draft)
