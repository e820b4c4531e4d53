"""Partnership pages: list, detail, add, edit, status changes, renewal, signatories, milestones,
documents (uploaded with checks, downloaded only through the access-checked view)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.appkit.views import form_page, get_scoped_or_404, permission_required, run_action
from common.remote_select import choices_response
from coordination import selectors, services
from coordination.choices import partnerships_for
from coordination.filters import PartnershipFilterSet
from coordination.forms import DocumentForm, MilestoneForm, PartnershipForm, SignatoryForm, TransitionForm
from coordination.models import Milestone, Partnership, PartnershipDocument, Signatory
from coordination.services.partnerships import CLOSING, TRANSITIONS
from coordination.tables import PartnershipTable

from .base import ScopedListView, require_permission


class PartnershipListView(ScopedListView):
    model = Partnership
    table_class = PartnershipTable
    filterset_class = PartnershipFilterSet
    title = "Partnerships and agreements"
    export_kind = "partnerships"
    add_url_name = "coordination:partnership-add"
    deleted_url_name = "coordination:partnership-deleted"

    def get_queryset(self):
        return Partnership.objects.for_user(self.request.user)


@permission_required(Partnership, "view")
def partnership_choices(request):
    """Partnerships matching ``?q=`` (title, reference, parties' names folded) for the remote selects (JSON)."""
    return choices_response(request, partnerships_for(request.user), order=("title", "pk"))


def _visible(user, pk, action="view"):
    require_permission(user, Partnership, action)
    qs = Partnership.objects.for_user(user, action).select_related("owner", "predecessor")
    return get_object_or_404(qs, pk=pk)


def _choices(user, p, can_change):
    allowed = []
    for status in Partnership.Status.values:
        if status not in TRANSITIONS[p.status]:
            continue
        if status in CLOSING and not user.has_perm("coordination.close_partnership"):
            continue
        if status not in CLOSING and not can_change:
            continue
        allowed.append((status, Partnership.Status(status).label))
    return allowed


@login_required
def partnership_detail(request, pk):
    p = _visible(request.user, pk)
    user = request.user
    can_change = Partnership.objects.for_user(user, "change").filter(pk=p.pk).exists()
    choices = _choices(user, p, can_change)
    successor = Partnership.objects.for_user(user).filter(predecessor=p).first()
    context = {
        "p": p,
        "areas": p.areas.select_related("region", "province", "municipality", "barangay"),
        "parties": p.parties.select_related("organization"),
        "signatories": p.signatories.select_related("organization"),
        "milestones": p.milestones.select_related("owner"),
        "documents": p.documents.select_related("uploaded_by"),
        "communities": p.communities.select_related("barangay", "municipality"),
        "transitions": p.transitions.select_related("actor"),
        "engagements": p.engagements.filter(deleted_at__isnull=True).order_by("-starts_at")[:10],
        "successor": successor,
        "can_change": can_change,
        "can_delete": Partnership.objects.for_user(user, "delete").filter(pk=p.pk).exists(),
        "can_renew": can_change and successor is None and p.status in ("active", "expired", "completed"),
        "transition_form": TransitionForm(choices=choices) if choices else None,
        "history": selectors.change_history(p),
    }
    return render(request, "coordination/partnership_detail.html", context)


def _data(form):
    data = form.service_data()
    data.update(areas=form.cleaned_data["areas"], communities=form.cleaned_data["communities"])
    data["parties"] = form.party_roles()
    return data


@login_required
def partnership_create(request):
    require_permission(request.user, Partnership, "add")
    form = PartnershipForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda f: services.create_partnership(user=request.user, **_data(f)),
        success="Saved {obj}.", template="coordination/form.html", context={"title": "Add a partnership"},
    )  # fmt: skip


@login_required
def partnership_edit(request, pk):
    p = _visible(request.user, pk, "change")
    form = PartnershipForm(request.POST or None, instance=p, user=request.user)

    def save(f):
        return services.update_partnership(
            user=request.user, partnership=p, expected_revision=f.expected_revision, **_data(f)
        )

    return form_page(
        request, form, save, success="Saved {obj}.", template="coordination/form.html",
        context={"title": f"Edit {p.title}", "cancel": p.get_absolute_url()},
    )  # fmt: skip


@login_required
@require_POST
def partnership_transition(request, pk):
    p = _visible(request.user, pk)
    can_change = Partnership.objects.for_user(request.user, "change").filter(pk=p.pk).exists()
    form = TransitionForm(request.POST, choices=_choices(request.user, p, can_change))
    if not form.is_valid():
        messages.error(request, "Your role cannot make this change, or the status is not a valid next step.")
        return redirect(p)
    data = form.cleaned_data
    run_action(
        request, services.transition_partnership, partnership=p, to_status=data["to_status"],
        comment=data["comment"], success=f"Status set to {Partnership.Status(data['to_status']).label}.",
    )  # fmt: skip
    return redirect(p)


@login_required
@require_POST
def partnership_renew(request, pk):
    p = _visible(request.user, pk, "change")
    try:
        successor = services.renew_partnership(user=request.user, partnership=p)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(p)
    messages.success(request, "Renewal started as a draft linked to the agreement it renews.")
    return redirect(successor)


@login_required
def signatory_create(request, pk):
    p = _visible(request.user, pk, "change")
    form = SignatoryForm(request.POST or None, partnership=p, user=request.user)

    def save(f):
        services.add_signatory(user=request.user, partnership=p, **f.service_data())
        return p

    return form_page(
        request, form, save, success="Signatory added.", template="coordination/form.html",
        context={"title": f"Signatory of {p.title}", "cancel": p.get_absolute_url()},
    )  # fmt: skip


@login_required
def milestone_create(request, pk):
    p = _visible(request.user, pk, "change")
    form = MilestoneForm(request.POST or None, user=request.user)

    def save(f):
        services.add_milestone(user=request.user, partnership=p, **f.service_data())
        return p

    return form_page(
        request, form, save, success="Milestone added.", template="coordination/form.html",
        context={"title": f"Milestone of {p.title}", "cancel": p.get_absolute_url()},
    )  # fmt: skip


@permission_required(Milestone, "change")
def milestone_edit(request, pk):
    milestone = get_scoped_or_404(Milestone.objects.select_related("partnership"), request, pk, "change")
    form = MilestoneForm(request.POST or None, instance=milestone, user=request.user)

    def save(f):
        services.update_milestone(
            user=request.user, milestone=milestone, expected_revision=f.expected_revision, **f.service_data()
        )
        return milestone.partnership

    return form_page(
        request, form, save, success="Milestone saved.", template="coordination/form.html",
        context={"title": f"Edit milestone {milestone.title}", "cancel": milestone.partnership.get_absolute_url()},
    )  # fmt: skip


@permission_required(Signatory, "change")
def signatory_edit(request, pk):
    signatory = get_scoped_or_404(Signatory.objects.select_related("partnership"), request, pk, "change")
    form = SignatoryForm(request.POST or None, instance=signatory, user=request.user)

    def save(f):
        services.update_signatory(
            user=request.user, signatory=signatory, expected_revision=f.expected_revision, **f.service_data()
        )
        return signatory.partnership

    return form_page(
        request, form, save, success="Signatory saved.", template="coordination/form.html",
        context={"title": f"Edit signatory {signatory.name}", "cancel": signatory.partnership.get_absolute_url()},
    )  # fmt: skip


@login_required
def document_upload(request, pk):
    p = _visible(request.user, pk, "change")
    require_permission(request.user, PartnershipDocument, "add")
    form = DocumentForm(request.POST or None, request.FILES or None)

    def save(f):
        services.upload_document(
            user=request.user, partnership=p, upload=f.cleaned_data["file"], kind=f.cleaned_data["kind"]
        )
        return p

    return form_page(
        request, form, save, success="Document uploaded.", template="coordination/form.html",
        context={"title": f"Upload a document to {p.title}", "cancel": p.get_absolute_url(), "multipart": True},
    )  # fmt: skip


@permission_required(PartnershipDocument, "view")
def document_download(request, pk):
    """The only way to a partnership document: the role, the area, then the file (never a media URL)."""
    document = get_scoped_or_404(PartnershipDocument.objects, request, pk)
    return document.download_response()


@permission_required(Milestone, "change")
@require_POST
def milestone_transition(request, pk):
    milestone = get_scoped_or_404(Milestone.objects.select_related("partnership"), request, pk, "change")
    run_action(
        request, services.transition_milestone, milestone=milestone, to_status=request.POST.get("to_status", ""),
        success="Milestone updated.",
    )  # fmt: skip
    return redirect(milestone.partnership)
