"""Implementation pages of an approved recommendation: reporting plan, milestones, indicators and
their measures, progress updates (each form saved through its service)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from common.appkit.views import form_page
from policies import services
from policies.forms import ImplementationDocumentForm, IndicatorForm, MeasureForm, MilestoneForm, PlanForm, ProgressForm
from policies.models import (
    ImplementationDocument,
    ImplementationMilestone,
    ImplementationPlan,
    Indicator,
    Recommendation,
    can_view_internal,
)

from .base import require_permission
from .recommendations import visible

TEMPLATE = "policies/form.html"


def can_track(user, rec) -> bool:
    """Whether the user records implementation of this recommendation (the service decides the same)."""
    from policies.services.implementation import TRACKED
    from policies.services.workflow import DECIDER, DRAFTER, _capacities

    return rec.status in TRACKED and bool({DRAFTER, DECIDER} & _capacities(user, rec))


def _implementer(user, pk) -> Recommendation:
    rec = visible(user, pk)
    if not can_track(user, rec):
        raise PermissionDenied
    return rec


def _page(request, rec, form, save, title, success, **extra):
    def call(f):
        save(f)
        return rec

    return form_page(
        request,
        form,
        call,
        success=success,
        template=TEMPLATE,
        context={"title": f"{title} · {rec.reference}", "cancel": rec.get_absolute_url(), **extra},
    )


@login_required
def plan_edit(request, pk):
    rec = _implementer(request.user, pk)
    plan = ImplementationPlan.objects.filter(recommendation=rec).first()
    initial = {"frequency": plan.frequency, "first_due": plan.next_report_due} if plan else {}
    form = PlanForm(request.POST or None, initial=initial)
    return _page(
        request,
        rec,
        form,
        lambda f: services.set_reporting_plan(user=request.user, recommendation=rec, **f.cleaned_data),
        "Reporting schedule",
        "Reporting schedule saved.",
    )


@login_required
def milestone_add(request, pk):
    rec = _implementer(request.user, pk)
    form = MilestoneForm(request.POST or None, user=request.user)
    return _page(
        request,
        rec,
        form,
        lambda f: services.add_milestone(user=request.user, recommendation=rec, **f.cleaned_data),
        "Add a milestone",
        "Milestone added.",
    )


@login_required
def milestone_edit(request, pk):
    require_permission(request.user, Recommendation, "view")
    milestone = get_object_or_404(ImplementationMilestone.objects.for_user(request.user), pk=pk)
    _implementer(request.user, milestone.recommendation_id)
    form = MilestoneForm(request.POST or None, instance=milestone, user=request.user)
    return _page(
        request,
        milestone.recommendation,
        form,
        lambda f: services.update_milestone(
            user=request.user, milestone=milestone, expected_revision=f.expected_revision, **f.service_data()
        ),
        f"Edit {milestone.title}",
        "Milestone saved.",
    )


@login_required
def indicator_add(request, pk):
    rec = _implementer(request.user, pk)
    form = IndicatorForm(request.POST or None)
    return _page(
        request,
        rec,
        form,
        lambda f: services.add_indicator(user=request.user, recommendation=rec, **f.cleaned_data),
        "Add an indicator",
        "Indicator added.",
    )


@login_required
def indicator_measure(request, pk):
    require_permission(request.user, Recommendation, "view")
    indicator = get_object_or_404(Indicator.objects.for_user(request.user), pk=pk)
    _implementer(request.user, indicator.recommendation_id)
    form = MeasureForm(request.POST or None)
    return _page(
        request,
        indicator.recommendation,
        form,
        lambda f: services.record_measure(user=request.user, indicator=indicator, **f.cleaned_data),
        f"Measure {indicator.name}",
        "Measure recorded.",
    )


@login_required
def progress_add(request, pk):
    rec = _implementer(request.user, pk)
    form = ProgressForm(request.POST or None)
    return _page(
        request,
        rec,
        form,
        lambda f: services.add_progress_update(user=request.user, recommendation=rec, **f.cleaned_data),
        "Progress report",
        "Progress report recorded.",
    )


@login_required
def implementation_document_add(request, pk):
    rec = _implementer(request.user, pk)
    form = ImplementationDocumentForm(request.POST or None, request.FILES or None, recommendation=rec)

    def save(f):
        data = f.cleaned_data
        return services.upload_implementation_document(
            user=request.user, recommendation=rec, upload=data["file"], kind=data["kind"], milestone=data["milestone"]
        )

    return _page(request, rec, form, save, "Upload an implementation document", "Document uploaded.", multipart=True)


@login_required
def implementation_document_download(request, pk):
    """The only way to an implementation document: the role, the recommendation's area and internal
    access (as evidence documents), then the file (never a media URL)."""
    require_permission(request.user, Recommendation, "view")
    if not can_view_internal(request.user):
        raise PermissionDenied
    document = get_object_or_404(ImplementationDocument.objects.for_user(request.user), pk=pk)
    return document.download_response()
