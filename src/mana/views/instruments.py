from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.appkit.errors import apply_to_form
from common.appkit.views import form_status, get_scoped_or_404, run_action, save_form
from mana.forms import InstrumentForm, QuestionForm, SectionForm, SessionForm
from mana.models import Assessment, Instrument, InstrumentVersion, Question, Session
from mana.services import instruments as service


@login_required
def instrument_create(request, pk):
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "change")
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = service.create_instrument(user=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Instrument created as draft version 1. Add sections and questions.")
            return redirect(instrument)
    return render(request, "mana/instrument_form.html", {"form": form, "assessment": assessment})


@login_required
def instrument_detail(request, pk):
    instrument = get_scoped_or_404(Instrument.objects.select_related("assessment"), request, pk, "view")
    versions = list(instrument.versions.all())
    number = request.GET.get("version")
    version = next((v for v in versions if str(v.number) == number), None) or versions[-1]
    can_change = Assessment.objects.for_user(request.user, "change").filter(pk=instrument.assessment_id).exists()
    return render(
        request,
        "mana/instrument_detail.html",
        {
            "instrument": instrument,
            "assessment": instrument.assessment,
            "versions": versions,
            "version": version,
            "sections": version.sections.all(),
            "questions": version.questions.select_related("section").prefetch_related("choices"),
            "can_change": can_change,
            "response_count": version.responses.filter(deleted_at__isnull=True).count(),
        },
    )


def _version(request, pk):
    return get_scoped_or_404(InstrumentVersion.objects.select_related("instrument__assessment"), request, pk, "change")


def _back(version):
    return redirect(f"{version.instrument.get_absolute_url()}?version={version.number}")


@login_required
def section_create(request, pk):
    version = _version(request, pk)
    form = SectionForm(request.POST or None)
    form.fields["order"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            service.add_section(user=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            apply_to_form(form, exc)
        else:
            return _back(version)
    context = {"form": form, "title": "Add section", "version": version, "cancel_url": _back(version).url}
    return render(request, "mana/simple_form.html", context)


def _question_form(request, version, question=None):
    form = QuestionForm(request.POST or None, instance=question, version=version)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "choices_text"}
        if question is None:
            saved = save_form(
                form, service.add_question, user=request.user, version=version, choices=form.choice_labels, **data
            )
        else:
            revision = data.pop("revision")
            saved = save_form(
                form,
                service.update_question,
                user=request.user,
                question=Question.objects.get(pk=question.pk),
                choices=form.choice_labels,
                expected_revision=revision,
                **data,
            )
        if saved is not None:
            messages.success(request, "Question saved.")
            if "another" in request.POST:
                return redirect("mana:question-add", pk=version.pk)
            return _back(version)
    title = "Edit question" if question else "Add question"
    context = {"form": form, "title": title, "version": version}
    return render(request, "mana/question_form.html", context, status=form_status(form))


@login_required
def question_create(request, pk):
    return _question_form(request, _version(request, pk))


@login_required
def question_update(request, pk):
    question = get_scoped_or_404(
        Question.objects.select_related("version__instrument__assessment"), request, pk, "change"
    )
    return _question_form(request, question.version, question)


@login_required
@require_POST
def question_delete(request, pk):
    question = get_scoped_or_404(Question.objects.select_related("version__instrument"), request, pk, "delete")
    run_action(request, service.delete_question, "Question deleted.", question=question)
    return _back(question.version)


@login_required
def version_publish(request, pk):
    """Publishing freezes the version, so it asks first: GET shows what will be frozen, the
    confirmation form POSTs ``confirm``."""
    version = _version(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        run_action(request, service.publish_version, f"Version {version.number} published.", version=version)
        return _back(version)
    context = {
        "version": version,
        "instrument": version.instrument,
        "assessment": version.instrument.assessment,
        "question_count": version.questions.count(),
        "section_count": version.sections.count(),
    }
    return render(request, "mana/publish_confirm.html", context)


@login_required
@require_POST
def instrument_new_draft(request, pk):
    instrument = get_scoped_or_404(Instrument.objects, request, pk, "change")
    draft = run_action(request, service.start_new_draft, "New draft version created.", instrument=instrument)
    return _back(draft) if draft else redirect(instrument)


@login_required
def session_create(request, pk):
    assessment = get_scoped_or_404(Assessment.objects, request, pk, "change")
    form = SessionForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            session = service.create_session(user=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Session planned. Open it when the workshop or survey starts.")
            return redirect("mana:session-detail", pk=session.pk)
    cancel_url = assessment.get_absolute_url()
    context = {"form": form, "title": "Plan a session", "assessment": assessment, "cancel_url": cancel_url}
    return render(request, "mana/simple_form.html", context)


@login_required
@require_POST
def session_open(request, pk):
    session = get_scoped_or_404(Session.objects.select_related("assessment"), request, pk, "change")
    run_action(request, service.open_session, "Session open: responses can be entered.", session=session)
    return redirect("mana:session-detail", pk=pk)


@login_required
@require_POST
def session_close(request, pk):
    session = get_scoped_or_404(Session.objects.select_related("assessment"), request, pk, "change")
    run_action(request, service.close_session, "Session closed.", session=session)
    return redirect("mana:session-detail", pk=pk)
