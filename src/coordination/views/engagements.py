"""Engagement pages: list, detail, add, edit, status changes, feedback, commitments, .ics download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.access import can_view_personal_data, permission_allows
from common.appkit.views import form_page, get_scoped_or_404, permission_required, run_action
from common.remote_select import choices_response
from coordination import selectors, services
from coordination.choices import engagement_label, engagements_for
from coordination.filters import EngagementFilterSet
from coordination.forms import ActionItemForm, CommitmentForm, EngagementForm, FeedbackForm, PostponeForm
from coordination.ics import engagement_calendar
from coordination.models import ATTENDANCE_FIELDS, ActionItem, Commitment, Engagement, Feedback
from coordination.services.engagements import TRANSITIONS
from coordination.tables import EngagementTable

from .base import ScopedListView, require_permission


class EngagementListView(ScopedListView):
    model = Engagement
    table_class = EngagementTable
    filterset_class = EngagementFilterSet
    title = "Engagements"
    export_kind = "engagements"
    add_url_name = "coordination:engagement-add"
    deleted_url_name = "coordination:engagement-deleted"
    import_kind = "coordination.engagements"

    def get_queryset(self):
        return Engagement.objects.for_user(self.request.user).select_related(
            "region", "province", "municipality", "barangay"
        )


@permission_required(Engagement, "view")
def engagement_choices(request):
    """Engagements matching ``?q=`` (title, venue, places folded) for the remote selects (JSON); newest first."""
    return choices_response(request, engagements_for(request.user), order=("-starts_at", "-pk"), label=engagement_label)


def _visible(user, pk, action="view"):
    require_permission(user, Engagement, action)
    qs = Engagement.objects.for_user(user, action).select_related(
        "region", "province", "municipality", "barangay", "lead", "assessment", "partnership"
    )
    return get_object_or_404(qs, pk=pk)


def _transition_choices(engagement):
    return [(s, Engagement.Status(s).label) for s in Engagement.Status.values if s in TRANSITIONS[engagement.status]]


@login_required
def engagement_detail(request, pk):
    e = _visible(request.user, pk)
    user = request.user
    can_change = Engagement.objects.for_user(user, "change").filter(pk=e.pk).exists()
    context = {
        "e": e,
        "attendance": [(label, getattr(e, f)) for f, label in ATTENDANCE_FIELDS],
        "organizations": e.organizations.all(),
        "communities": e.communities.select_related("barangay", "municipality"),
        "staff": e.staff.all(),
        "feedback": Feedback.objects.for_user(user)
        .filter(engagement=e)
        .select_related("raised_by_organization", "raised_by_community__barangay"),
        "show_people": can_view_personal_data(user),
        "commitments": Commitment.objects.for_user(user).filter(engagement=e).select_related("organization"),
        "actions": ActionItem.objects.for_user(user).filter(engagement=e).select_related("owner"),
        "transitions": e.transitions.select_related("actor"),
        "can_change": can_change,
        "can_delete": Engagement.objects.for_user(user, "delete").filter(pk=e.pk).exists(),
        "transition_form": PostponeForm(choices=_transition_choices(e))
        if can_change and TRANSITIONS[e.status]
        else None,
        "can_add_action": can_change and permission_allows(user, ActionItem, "add"),
        "history": selectors.change_history(e),
    }
    return render(request, "coordination/engagement_detail.html", context)


def _engagement_data(form):
    data = form.service_data()
    for name in ("place", "communities", "organizations", "staff"):
        data[name] = form.cleaned_data[name]
    return data


@login_required
def engagement_create(request):
    require_permission(request.user, Engagement, "add")
    initial = {}
    if request.GET.get("assessment"):
        initial["assessment"] = request.GET["assessment"]
    form = EngagementForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request, form, lambda f: services.create_engagement(user=request.user, **_engagement_data(f)),
        success="Engagement {obj} recorded.", template="coordination/form.html",
        context={"title": "Record an engagement"},
    )  # fmt: skip


@login_required
def engagement_edit(request, pk):
    e = _visible(request.user, pk, "change")
    form = EngagementForm(request.POST or None, instance=e, user=request.user)

    def save(f):
        data = _engagement_data(f)
        return services.update_engagement(
            user=request.user, engagement=e, expected_revision=f.expected_revision, **data
        )

    return form_page(
        request, form, save, success="Saved {obj}.", template="coordination/form.html",
        context={"title": f"Edit {e.title}", "cancel": e.get_absolute_url()},
    )  # fmt: skip


@login_required
@require_POST
def engagement_transition(request, pk):
    e = _visible(request.user, pk, "change")
    form = PostponeForm(request.POST, choices=_transition_choices(e))
    if not form.is_valid():
        messages.error(request, "Choose a valid new status.")
        return redirect(e)
    data = form.cleaned_data
    run_action(
        request, services.transition_engagement, engagement=e, to_status=data["to_status"],
        comment=data["comment"], starts_at=data.get("starts_at"), ends_at=data.get("ends_at"),
        success=f"Status set to {Engagement.Status(data['to_status']).label}.",
    )  # fmt: skip
    return redirect(e)


@login_required
def feedback_create(request, pk):
    e = _visible(request.user, pk, "change")
    require_permission(request.user, Feedback, "add")
    form = FeedbackForm(request.POST or None, user=request.user, show_person=can_view_personal_data(request.user))

    def save(f):
        services.add_feedback(user=request.user, engagement=e, **f.service_data())
        return e

    return form_page(
        request, form, save, success="Feedback recorded.", template="coordination/form.html",
        context={"title": f"Feedback raised at {e.title}", "cancel": e.get_absolute_url()},
    )  # fmt: skip


@login_required
def commitment_create(request, pk):
    e = _visible(request.user, pk, "change")
    require_permission(request.user, Commitment, "add")
    form = CommitmentForm(request.POST or None, user=request.user)

    def save(f):
        services.add_commitment(user=request.user, engagement=e, **f.service_data())
        return e

    return form_page(
        request, form, save, success="Commitment recorded.", template="coordination/form.html",
        context={"title": f"Commitment made at {e.title}", "cancel": e.get_absolute_url()},
    )  # fmt: skip


def _child(request, model, pk):
    require_permission(request.user, model, "change")
    record = get_scoped_or_404(model.objects.select_related("engagement"), request, pk, "change")
    _visible(request.user, record.engagement_id, "change")  # the engagement itself in the user's areas
    return record


@login_required
def feedback_edit(request, pk):
    feedback = _child(request, Feedback, pk)
    show_person = can_view_personal_data(request.user)
    form = FeedbackForm(request.POST or None, instance=feedback, user=request.user, show_person=show_person)

    def save(f):
        services.update_feedback(
            user=request.user, feedback=feedback, expected_revision=f.expected_revision, **f.service_data()
        )
        return feedback.engagement

    return form_page(
        request, form, save, success="Feedback saved.", template="coordination/form.html",
        context={"title": f"Edit feedback: {feedback.topic}", "cancel": feedback.engagement.get_absolute_url()},
    )  # fmt: skip


@login_required
def commitment_edit(request, pk):
    commitment = _child(request, Commitment, pk)
    form = CommitmentForm(request.POST or None, instance=commitment, user=request.user)

    def save(f):
        services.update_commitment(
            user=request.user, commitment=commitment, expected_revision=f.expected_revision, **f.service_data()
        )
        return commitment.engagement

    return form_page(
        request, form, save, success="Commitment saved.", template="coordination/form.html",
        context={"title": "Edit commitment", "cancel": commitment.engagement.get_absolute_url()},
    )  # fmt: skip


@login_required
def engagement_action_create(request, pk):
    e = _visible(request.user, pk, "change")
    require_permission(request.user, ActionItem, "add")
    form = ActionItemForm(request.POST or None, user=request.user, engagement=e, initial={"owner": request.user})

    def save(f):
        services.create_action_item(user=request.user, engagement=e, **f.service_data())
        return e

    return form_page(
        request, form, save, success="Action item added.", template="coordination/form.html",
        context={"title": f"Action item from {e.title}", "cancel": e.get_absolute_url()},
    )  # fmt: skip


@login_required
def engagement_ics(request, pk):
    e = _visible(request.user, pk)
    body = engagement_calendar(e).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="engagement-{e.pk}.ics"'
    return response
