from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from ai_assistant.drafting.history import ai_assisted_note
from common import personal_data
from common.access import permission_allows
from common.appkit.views import form_status, get_scoped_or_404, permission_required, save_form
from mana import selectors
from mana.filters import AssessmentFilter
from mana.forms import AssessmentForm, TransitionForm
from mana.models import Assessment, Need, Participant, Session
from mana.services import assessments as service
from mana.tables import AssessmentTable


@permission_required(Assessment, "view")
def index(request):
    filterset = AssessmentFilter(request.GET, queryset=selectors.assessment_list(request.user), request=request)
    table = AssessmentTable(filterset.qs.only(*AssessmentTable.LOADED))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "mana/assessment_list.html",
        {"filter": filterset, "table": table, "can_add": permission_allows(request.user, Assessment, "add")},
    )


def _form_data(form):
    data = dict(form.cleaned_data)
    return data


@permission_required(Assessment, "add")
def assessment_create(request):
    form = AssessmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        assessment = save_form(form, service.create_assessment, user=request.user, **_form_data(form))
        if assessment is not None:
            messages.success(request, "Assessment created.")
            return redirect(assessment)
    return render(request, "mana/assessment_form.html", {"form": form}, status=form_status(form))


@login_required
def assessment_update(request, pk):
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "change")
    form = AssessmentForm(request.POST or None, instance=assessment, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _form_data(form)
        revision = data.pop("revision")
        saved = save_form(
            form,
            service.update_assessment,
            user=request.user,
            assessment=Assessment.objects.get(pk=pk),
            communities=data.pop("communities"),
            facilitators=data.pop("facilitators"),
            expected_revision=revision,
            **data,
        )
        if saved is not None:
            messages.success(request, "Assessment saved.")
            return redirect(assessment)
    context = {"form": form, "assessment": assessment}
    return render(request, "mana/assessment_form.html", context, status=form_status(form))


@login_required
def assessment_detail(request, pk):
    assessment = get_scoped_or_404(
        Assessment.objects.select_related("region", "province", "municipality", "lead"), request, pk, "view"
    )
    user = request.user
    can_change = Assessment.objects.for_user(user, "change").filter(pk=pk).exists()
    choices = [(s, Assessment.Status(s).label) for s in service.allowed_transitions(assessment)]
    return render(
        request,
        "mana/assessment_detail.html",
        {
            "assessment": assessment,
            "can_change": can_change,
            "transition_form": TransitionForm(choices=choices) if choices else None,
            "transitions": assessment.transitions.select_related("actor"),
            "instruments": selectors.instruments_of(assessment),
            "sessions": Session.objects.filter(assessment=assessment).select_related("version__instrument"),
            "response_counts": selectors.response_counts(assessment),
            "participant_count": assessment.participants.filter(deleted_at__isnull=True).count(),
            "can_see_participants": personal_data.can_view(user, Participant, obj=assessment),
            "needs": Need.objects.alive().filter(assessment=assessment).order_by("-priority_score")[:10],
            "communities": assessment.communities.select_related("municipality"),
            "facilitators": assessment.facilitators.all(),
            "findings_note": ai_assisted_note(assessment) if assessment.findings_summary else "",
        },
    )


@login_required
@require_POST
def assessment_transition(request, pk):
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "change")
    form = TransitionForm(request.POST, choices=[(s, s) for s in Assessment.Status.values])
    if form.is_valid():
        try:
            service.transition_assessment(
                user=request.user,
                assessment=assessment,
                to_status=form.cleaned_data["to_status"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Status changed to {Assessment.Status(form.cleaned_data['to_status']).label}.")
    return redirect(assessment)
