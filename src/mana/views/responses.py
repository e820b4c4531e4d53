"""Response entry: one page per response, built from the instrument version.

Works on a phone with a poor connection: a failed submission re-renders the page with everything
typed (server side), and a small script keeps a local draft in the browser until the server
accepts the response.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from common.access import permission_allows
from common.appkit.concurrency import StaleRecordError, parse_revision
from common.appkit.forms import OUT_OF_DATE
from common.appkit.views import get_scoped_or_404, paginate, querystring_without_page
from mana.filters import ResponseFilter
from mana.models import Assessment, Participant, Question, Response, Session
from mana.services import responses as service
from mana.views.personal_data import people_shown

GENERAL_ERROR_KEYS = ("__all__", "participant", "group_members", "group_label")


def _posted_answers(request, questions) -> dict:
    answers = {}
    for q in questions:
        if q.qtype == Question.Type.MULTIPLE_CHOICE:
            answers[q.field_name] = request.POST.getlist(q.field_name)
        else:
            answers[q.field_name] = request.POST.get(q.field_name, "")
    return answers


def _sections(questions, values, errors):
    items = []
    for q in questions:
        value = values.get(q.field_name, [] if q.qtype == Question.Type.MULTIPLE_CHOICE else "")
        selected = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        items.append({"q": q, "value": value, "selected": selected, "error": errors.get(q.field_name)})
    return [
        {"section": section, "items": list(group)} for section, group in groupby(items, key=lambda i: i["q"].section)
    ]


def _render(
    request, *, session, response, questions, values, errors, participants=None, form_values=None, revision=None
):
    return render(
        request,
        "mana/response_form.html",
        {
            "session": session,
            "assessment": session.assessment,
            "response": response,
            "sections": _sections(questions, values, errors),
            "errors": errors,
            "general_errors": [errors[k] for k in GENERAL_ERROR_KEYS if k in errors],
            "participants": participants,
            "form_values": form_values or {},
            "personal_data": people_shown(
                request, session.assessment, rows=len(participants or ()), description="Participants on a response form"
            ),
            "locked": session.assessment.responses_locked,
            "revision": revision,
        },
        status=400 if errors else 200,
    )


def _named(page) -> int:
    """Responses on ``page`` that name a participant."""
    return sum(1 for response in page.object_list if response.participant_id)


def _questions(version):
    return list(version.questions.select_related("section").prefetch_related("choices"))


def _posted_revision(request):
    """The revision the page was opened at; a post without one is refused (the page is out of date)."""
    try:
        revision = parse_revision(request.POST.get("revision"))
    except ValueError:
        revision = None
    if revision is None:
        raise ValidationError(OUT_OF_DATE)
    return revision


def _error_dict(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {k: " ".join(v) for k, v in exc.message_dict.items()}
    return {"__all__": " ".join(exc.messages)}


@login_required
def session_detail(request, pk):
    session = get_scoped_or_404(
        Session.objects.select_related("assessment", "version__instrument"), request, pk, "view"
    )
    responses = (
        Response.objects.for_user(request.user, "view")
        .alive()
        .filter(session=session)
        .select_related("participant")
        .order_by("-updated_at")
    )
    can_change = Assessment.objects.for_user(request.user, "change").filter(pk=session.assessment_id).exists()
    page = paginate(request, responses)
    return render(
        request,
        "mana/session_detail.html",
        {
            "session": session,
            "assessment": session.assessment,
            "page": page,
            "can_change": can_change,
            "personal_data": people_shown(
                request, session.assessment, rows=_named(page), description="Respondents on a session page"
            ),
        },
    )


@login_required
def response_create(request, pk):
    session = get_scoped_or_404(Session.objects.select_related("assessment", "version"), request, pk, "change")
    if not permission_allows(request.user, Response, "add"):
        raise PermissionDenied
    questions = _questions(session.version)
    participants = list(
        Participant.objects.alive()
        .filter(assessment=session.assessment, consent_at__isnull=False)
        .exclude(responses__session=session, responses__deleted_at__isnull=True)
        .order_by("name")
    )
    if request.method != "POST":
        return _render(
            request,
            session=session,
            response=None,
            questions=questions,
            values={},
            errors={},
            participants=participants,
        )
    values = _posted_answers(request, questions)
    form_values = {
        "participant": request.POST.get("participant", ""),
        "group_label": request.POST.get("group_label", ""),
        "group_members": request.POST.getlist("group_members"),
    }
    by_pk = {str(p.pk): p for p in participants}
    participant = by_pk.get(form_values["participant"])
    members = [by_pk[m] for m in form_values["group_members"] if m in by_pk]
    try:
        if form_values["participant"] and participant is None:
            # Report the answers' problems in the same round as the participant's.
            _, answer_errors = service.parse_answers(session.version, values, require_all="submit" in request.POST)
            raise ValidationError({"participant": "Choose a participant whose consent is recorded.", **answer_errors})
        response = service.save_response(
            user=request.user,
            session=session,
            participant=participant,
            group_label=form_values["group_label"] if participant is None else "",
            group_members=members if participant is None else (),
            answers=values,
            submit="submit" in request.POST,
        )
    except ValidationError as exc:
        return _render(
            request,
            session=session,
            response=None,
            questions=questions,
            values=values,
            errors=_error_dict(exc),
            participants=participants,
            form_values=form_values,
        )
    messages.success(request, "Response submitted." if "submit" in request.POST else "Draft saved.")
    return redirect(f"{response.get_absolute_url()}?saved=1")


@login_required
def response_edit(request, pk):
    response = get_scoped_or_404(
        Response.objects.select_related("session__assessment", "version", "participant"), request, pk, "view"
    )
    session = response.session
    questions = _questions(response.version)
    if request.method != "POST":
        return _render(
            request,
            session=session,
            response=response,
            questions=questions,
            values=service.answers_as_initial(response),
            errors={},
        )
    if not Response.objects.for_user(request.user, "change").filter(pk=pk).exists():
        raise PermissionDenied
    values = _posted_answers(request, questions)
    try:
        service.save_response(
            user=request.user,
            response=response,
            answers=values,
            submit="submit" in request.POST,
            expected_revision=_posted_revision(request),
        )
    except StaleRecordError as exc:
        # Keep what was typed; the next save knowingly replaces the other person's answers.
        errors = {"__all__": exc.message}
        return _render(
            request,
            session=session,
            response=response,
            questions=questions,
            values=values,
            errors=errors,
            revision=exc.current_revision,
        )
    except ValidationError as exc:
        response.refresh_from_db()
        return _render(
            request, session=session, response=response, questions=questions, values=values, errors=_error_dict(exc)
        )
    messages.success(request, "Response submitted." if "submit" in request.POST else "Draft saved.")
    return redirect(f"{response.get_absolute_url()}?saved=1")


@login_required
def response_list(request, pk):
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "view")
    filterset = ResponseFilter(
        request.GET,
        queryset=Response.objects.for_user(request.user, "view")
        .alive()
        .filter(assessment=assessment)
        .select_related("participant", "session", "version__instrument")
        .order_by("-updated_at"),
        request=request,
    )
    filterset.filters["session"].queryset = Session.objects.filter(assessment=assessment).order_by("title", "pk")
    filterset.filters.pop("assessment")
    page = paginate(request, filterset.qs)
    return render(
        request,
        "mana/response_list.html",
        {
            "assessment": assessment,
            "filter": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "personal_data": people_shown(request, assessment, rows=_named(page), description="Respondents on a list"),
        },
    )
