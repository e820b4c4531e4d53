"""Recommendation pages: list, detail (evidence chain, status history, revisions), add, edit,
revise (frozen content), workflow steps as POST forms with a comment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ai_assistant.drafting.history import ai_assisted_note
from common.access import permission_allows
from common.appkit.views import form_page
from policies import selectors, services
from policies.filters import RecommendationFilterSet
from policies.forms import RecommendationForm, ReviseForm, TransitionForm
from policies.models import REVIEW, Quadrant, Recommendation, can_view_internal
from policies.tables import RecommendationTable

from .base import ScopedListView, require_permission

AREAS = ("region", "province", "municipality", "barangay")


class RecommendationListView(ScopedListView):
    model = Recommendation
    table_class = RecommendationTable
    filterset_class = RecommendationFilterSet
    title = "Policy recommendations"

    def get_queryset(self):
        return Recommendation.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = permission_allows(user, Recommendation, "add")
        context["can_see_gaps"] = can_view_internal(user)
        return context


def visible(user, pk, action="view") -> Recommendation:
    require_permission(user, Recommendation, action)
    return get_object_or_404(Recommendation.objects.for_user(user, action).select_related("created_by"), pk=pk)


def _evidence(rec, user):
    rows = rec.evidence.select_related(
        "need", "need__region", "assessment", "community__barangay", "engagement", "feedback", "added_by"
    ).order_by("kind", "pk")
    if not can_view_internal(user):  # partners: no internal meeting records
        rows = rows.exclude(kind__in=("engagement", "feedback"))
    return rows


def _implementation(user, rec) -> dict:
    from policies.models import ImplementationPlan

    from .implementation import can_track

    if rec.status not in ("approved", "in_implementation", "implemented"):
        return {"tracked": False}
    return {
        "tracked": True,
        "can_track": can_track(user, rec),
        "plan": ImplementationPlan.objects.filter(recommendation=rec).first(),
        "milestones": rec.milestones.select_related("owner_organization"),
        "indicators": rec.indicators.all(),
        "progress_updates": rec.progress_updates.select_related("reported_by")[:12],
        # Documents are internal, as evidence documents (None: the section is not shown).
        "implementation_documents": rec.implementation_documents.select_related("milestone")
        if can_view_internal(user)
        else None,
    }


@login_required
def recommendation_detail(request, pk):
    user = request.user
    rec = visible(user, pk)
    internal = can_view_internal(user)
    steps = services.available_steps(user, rec)
    can_change = rec.is_editable and Recommendation.objects.for_user(user, "change").filter(pk=rec.pk).exists()
    context = {
        "rec": rec,
        "quadrant": Quadrant(rec.quadrant).label,
        "internal": internal,
        "areas": rec.areas.select_related(*AREAS),
        "communities": rec.communities.select_related("barangay", "municipality"),
        "responsible": rec.responsible_organizations.all(),
        "partners": rec.partner_organizations.all(),
        "evidence": _evidence(rec, user),
        "transitions": rec.transitions.select_related("actor"),
        "revisions": rec.revisions.select_related("actor") if internal else [],
        "can_change": can_change,
        "can_revise": not rec.is_editable
        and user.has_perm(REVIEW)
        and Recommendation.objects.for_user(user, "change").filter(pk=rec.pk).exists(),
        "can_cite": internal and (can_change or (not rec.is_editable and user.has_perm(REVIEW))),
        "transition_form": TransitionForm(choices=[(s, step.label) for s, step in steps]) if steps else None,
        "history": selectors.change_history(rec) if internal else [],
        "brief_note": ai_assisted_note(rec) if rec.brief_summary and internal else "",
        **_implementation(user, rec),
    }
    return render(request, "policies/recommendation_detail.html", context)


@login_required
def recommendation_create(request):
    require_permission(request.user, Recommendation, "add")
    form = RecommendationForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda f: services.create_recommendation(user=request.user, **f.service_data()),
        success="Saved {obj} as a draft. Cite its evidence, then submit it for review.",
        template="policies/form.html", context={"title": "Draft a recommendation"},
    )  # fmt: skip


@login_required
def recommendation_edit(request, pk):
    rec = visible(request.user, pk, "change")
    if not rec.is_editable:
        messages.error(request, f"{rec.reference} is {rec.get_status_display().lower()}: its content is frozen.")
        return redirect(rec)
    form = RecommendationForm(request.POST or None, instance=rec, user=request.user)

    def save(f):
        return services.update_recommendation(
            user=request.user, recommendation=rec, expected_revision=f.expected_revision, **f.service_data()
        )

    return form_page(
        request, form, save, success="Saved {obj}.", template="policies/form.html",
        context={"title": f"Edit {rec.reference}", "cancel": rec.get_absolute_url()},
    )  # fmt: skip


@login_required
def recommendation_revise(request, pk):
    rec = visible(request.user, pk, "change")
    if not request.user.has_perm(REVIEW):
        raise PermissionDenied
    form = ReviseForm(request.POST or None, instance=rec, user=request.user)

    def save(f):
        services.revise_recommendation(
            user=request.user, recommendation=rec, expected_revision=f.expected_revision, **f.service_data()
        )
        return rec

    return form_page(
        request, form, save, success="Revision recorded.", template="policies/form.html",
        context={"title": f"Revise {rec.reference} (revision {rec.content_revision + 1})",
                 "cancel": rec.get_absolute_url()},
    )  # fmt: skip


@login_required
@require_POST
def recommendation_transition(request, pk):
    rec = visible(request.user, pk)
    steps = services.available_steps(request.user, rec)
    form = TransitionForm(request.POST, choices=[(s, step.label) for s, step in steps])
    if not form.is_valid():
        messages.error(request, "Your role cannot take this step, or it is not a valid next step.")
        return redirect(rec)
    try:
        record = services.transition_recommendation(
            user=request.user, recommendation=rec, to_status=form.cleaned_data["to_status"],
            comment=form.cleaned_data["comment"],
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{rec.reference} is now {record.get_to_status_display().lower()}.")
    return redirect(rec)


@login_required
@require_POST
def recommendation_delete(request, pk):
    rec = visible(request.user, pk, "delete")
    try:
        services.delete_recommendation(user=request.user, recommendation=rec)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(rec)
    messages.success(request, f"Deleted the draft {rec.reference}.")
    return redirect("policies:index")


@login_required
def recommendation_brief(request, pk):
    """The one-click policy brief (PDF) of a recommendation the user can see."""
    from django.http import HttpResponse

    from policies.brief import build_brief_pdf

    rec = visible(request.user, pk)
    response = HttpResponse(build_brief_pdf(rec, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rec.reference}-brief.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
