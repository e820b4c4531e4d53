"""Participant pages. Personal data: only users the personal-data rule (``common.personal_data``)
allows reach them, and the list page and every export are logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from common import personal_data
from common.appkit.views import form_status, get_scoped_or_404, run_action, save_form
from mana.filters import ParticipantFilter
from mana.forms import ParticipantForm
from mana.models import Assessment, Participant
from mana.services import participants as service
from mana.tables import ParticipantTable
from mana.views.personal_data import people_shown


def _require_personal_data(request):
    personal_data.require(request.user, Participant)


def _participants(request, assessment):
    return (
        Participant.objects.for_user(request.user, "view")
        .alive()
        .filter(assessment=assessment)
        .select_related("community__municipality")
    )


@login_required
def participant_list(request, pk):
    _require_personal_data(request)
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "view")
    filterset = ParticipantFilter(request.GET, queryset=_participants(request, assessment), request=request)
    table = ParticipantTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    people_shown(request, assessment, rows=len(table.page.object_list), description="Participants on the list page")
    can_add = Assessment.objects.for_user(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "mana/participant_list.html",
        {"assessment": assessment, "filter": filterset, "table": table, "can_add": can_add},
    )


def _save(request, form, assessment, participant=None):
    data = dict(form.cleaned_data)
    if participant is None:
        return save_form(form, service.register_participant, user=request.user, assessment=assessment, **data)
    revision = data.pop("revision")
    return save_form(
        form,
        service.update_participant,
        user=request.user,
        participant=participant,
        expected_revision=revision,
        **data,
    )


@login_required
def participant_create(request, pk):
    _require_personal_data(request)
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "change")
    form = ParticipantForm(request.POST or None, assessment=assessment, user=request.user)
    if request.method == "POST" and form.is_valid() and _save(request, form, assessment):
        messages.success(request, "Participant registered.")
        if "another" in request.POST:
            return redirect("mana:participant-add", pk=assessment.pk)
        return redirect("mana:participant-list", pk=assessment.pk)
    context = {"form": form, "assessment": assessment}
    return render(request, "mana/participant_form.html", context, status=form_status(form))


@login_required
def participant_update(request, pk):
    _require_personal_data(request)
    participant = get_scoped_or_404(Participant.objects.select_related("assessment"), request, pk, "change")
    form = ParticipantForm(
        request.POST or None, instance=participant, assessment=participant.assessment, user=request.user
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, participant.assessment, participant):
        messages.success(request, "Participant saved.")
        return redirect("mana:participant-list", pk=participant.assessment_id)
    context = {"form": form, "assessment": participant.assessment, "participant": participant}
    return render(request, "mana/participant_form.html", context, status=form_status(form))


@login_required
def participant_export(request, pk, fmt):
    _require_personal_data(request)
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "view")
    filterset = ParticipantFilter(request.GET, queryset=_participants(request, assessment), request=request)
    try:
        content = service.export_participants(
            user=request.user,
            assessment=assessment,
            participants=filterset.qs,
            file_format=fmt,
            filters=request.GET.urlencode(),
            purpose=request.GET.get("purpose", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mana:participant-list", pk=pk)
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="mana-{assessment.pk}-participants.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def participant_delete(request, pk):
    """Soft delete (restorable by an administrator); responses already given keep their pseudonymous code."""
    _require_personal_data(request)
    participant = get_scoped_or_404(Participant.objects.select_related("assessment"), request, pk, "delete")
    run_action(request, service.delete_participant, f"{participant.name} removed.", participant=participant)
    return redirect("mana:participant-list", pk=participant.assessment_id)
