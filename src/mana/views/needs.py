from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from common.access import permission_allows
from common.appkit.views import form_status, get_scoped_or_404, permission_required, save_form
from common.remote_select import choices_response
from mana import selectors
from mana.community_selectors import need_voters
from mana.filters import NeedFilter
from mana.forms import NeedForm, NeedTransitionForm
from mana.models import Assessment, Need, Participant
from mana.services import needs as service
from mana.tables import NeedTable

BOARD_SIZE = 50
#: What a board row shows (the rest of a need is not loaded for 50 rows).
BOARD_FIELDS = ("pk", "title", "category", "status", "priority_score", "vote_count", "assessment__title")


@permission_required(Need, "view")
def need_choices(request):
    """Needs matching ``?q=`` (title and places folded) for the remote selects of other apps (JSON)."""
    needs = Need.objects.for_user(request.user).filter(deleted_at__isnull=True).only("title")
    return choices_response(request, needs, order=("title", "pk"))


@permission_required(Need, "view")
def need_list(request):
    filterset = NeedFilter(request.GET, queryset=selectors.need_list(request.user), request=request)
    table = NeedTable(filterset.qs.select_related(None).select_related("assessment").only(*NeedTable.LOADED))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "mana/need_list.html",
        {"filter": filterset, "table": table, "can_add": permission_allows(request.user, Need, "add")},
    )


@permission_required(Need, "view")
def need_board(request):
    """Ranked prioritisation board: the top needs by score and votes, with a vote button."""
    filterset = NeedFilter(request.GET, queryset=selectors.need_list(request.user), request=request)
    open_needs = (
        filterset.qs.filter(status__in=service.VOTING_STATUSES)
        .select_related(None)
        .select_related("assessment")
        .only(*BOARD_FIELDS)
    )
    ranked = selectors.top_ranked(open_needs, BOARD_SIZE)
    return render(
        request,
        "mana/need_board.html",
        {
            "filter": filterset,
            "needs": ranked,
            "voted": selectors.user_votes(request.user, ranked),
            "can_vote": service.can_vote(request.user),
            "categories": selectors.needs_by_category(queryset=filterset.qs),
        },
    )


def _assessment_from(request):
    pk = request.GET.get("assessment") or request.POST.get("assessment")
    if not pk:
        return None
    return get_scoped_or_404(Assessment.objects, request, pk, "change")


@permission_required(Need, "add")
def need_create(request):
    assessment = _assessment_from(request)
    form = NeedForm(request.POST or None, user=request.user, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        need = save_form(form, service.create_need, user=request.user, assessment=assessment, **data)
        if need is not None:
            messages.success(request, f"Need recorded (priority score {need.priority_score}).")
            return redirect(need)
    context = {"form": form, "assessment": assessment}
    return render(request, "mana/need_form.html", context, status=form_status(form))


@login_required
def need_update(request, pk):
    need = get_scoped_or_404(Need.objects.select_related("assessment"), request, pk, "change")
    form = NeedForm(request.POST or None, instance=need, user=request.user, assessment=need.assessment)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        saved = save_form(
            form,
            service.update_need,
            user=request.user,
            need=Need.objects.get(pk=pk),
            affected_communities=data.pop("affected_communities"),
            evidence_responses=data.pop("evidence_responses", None),
            expected_revision=revision,
            **data,
        )
        if saved is not None:
            messages.success(request, "Need saved.")
            return redirect(need)
    context = {"form": form, "assessment": need.assessment, "need": need}
    return render(request, "mana/need_form.html", context, status=form_status(form))


@login_required
def need_detail(request, pk):
    need = get_scoped_or_404(Need.objects.select_related("assessment", "region", "province"), request, pk, "view")
    can_change = Need.objects.for_user(request.user, "change").filter(pk=pk).exists()
    choices = [(s, Need.Status(s).label) for s in Need.Status.values if s in service.TRANSITIONS[need.status]]
    participants = None
    if can_change and need.assessment_id:
        participants = (
            Participant.objects.for_user(request.user, "view")
            .alive()
            .filter(assessment=need.assessment_id, consent_at__isnull=False)
            .exclude(votes__need=need)
        )
    return render(
        request,
        "mana/need_detail.html",
        {
            "need": need,
            "can_change": can_change,
            "transition_form": NeedTransitionForm(choices=choices, user=request.user)
            if choices and can_change
            else None,
            "transitions": need.transitions.select_related("actor"),
            "communities": need.affected_communities.select_related("municipality"),
            "evidence": need.evidence_responses.select_related("session"),
            "weights": service.weights_for(need.category),
            "population_band": service.population_band(need.affected_population),
            "voted": need.votes.filter(voter=request.user).exists(),
            "can_vote": service.can_vote(request.user) and need.status in service.VOTING_STATUSES,
            "participants": participants,
            "voters": need_voters(request.user, need),
        },
    )


@login_required
@require_POST
def need_transition(request, pk):
    need = get_scoped_or_404(Need.objects, request, pk, "change")
    form = NeedTransitionForm(request.POST, choices=[(s, s) for s in Need.Status.values], user=request.user)
    if form.is_valid():
        try:
            service.transition_need(user=request.user, need=need, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Need moved to {Need.Status(form.cleaned_data['to_status']).label}.")
    return redirect(need)


@login_required
@require_POST
def need_vote(request, pk):
    need = get_scoped_or_404(Need.objects, request, pk, "view")
    participant = None
    if request.POST.get("participant"):
        participant = get_scoped_or_404(Participant.objects, request, request.POST["participant"], "view")
    try:
        if request.POST.get("withdraw"):
            service.withdraw_vote(user=request.user, need=need)
            messages.success(request, "Vote withdrawn.")
        else:
            service.cast_vote(user=request.user, need=need, participant=participant)
            messages.success(request, "Vote recorded.")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = need.get_absolute_url()
    return redirect(target)
