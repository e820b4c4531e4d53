"""The chat page: conversations in a sidebar, the messages of one, a question form that posts with htmx (the
answer is appended; without JavaScript the same form posts and redirects back)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ai_assistant import services
from ai_assistant.forms import QuestionForm
from ai_assistant.models import Conversation
from ai_assistant.offline import SUGGESTED_QUESTIONS
from ai_assistant.providers.base import get_online_provider
from common.appkit.errors import FORM_ERRORS, apply_to_form
from common.appkit.views import get_scoped_or_404, paginate, permission_required

CONVERSATIONS_PER_PAGE = 20


def _conversations(request):
    """The sidebar's page of the user's own conversations."""
    return paginate(request, Conversation.objects.for_user(request.user).only("pk", "title", "updated_at"),
                    CONVERSATIONS_PER_PAGE)  # fmt: skip


def _page_context(request, conversation=None, form=None) -> dict:
    page = _conversations(request)
    initial = {"conversation": conversation.pk} if conversation else {}
    return {
        "conversation": conversation,
        "chat_messages": list(conversation.messages.all()) if conversation else [],
        "conversations": page,
        "form": form or QuestionForm(initial=initial),
        "suggested_questions": SUGGESTED_QUESTIONS,
        "online": get_online_provider() is not None,
    }


@permission_required(Conversation, "view")
def chat(request):
    return render(request, "ai_assistant/chat.html", _page_context(request))


@permission_required(Conversation, "view")
def conversation_detail(request, pk):
    conversation = get_scoped_or_404(Conversation.objects, request, pk)
    return render(request, "ai_assistant/chat.html", _page_context(request, conversation))


@require_POST
@permission_required(Conversation, "add")
def ask(request):
    form = QuestionForm(request.POST)
    conversation = None
    if form.is_valid() and form.cleaned_data.get("conversation"):
        conversation = Conversation.objects.for_user(request.user).filter(pk=form.cleaned_data["conversation"]).first()
        if conversation is None:
            raise Http404
    answer = None
    if form.is_valid():
        try:
            answer = services.ask(user=request.user, question=form.cleaned_data["question"], conversation=conversation)
        except FORM_ERRORS as error:
            apply_to_form(form, error)
    if answer is None:
        if request.htmx:  # htmx swaps only 2xx answers: show the errors under the question instead
            response = render(request, "ai_assistant/_form_errors.html", {"form": form})
            response["HX-Retarget"], response["HX-Reswap"] = "#chat-form-errors", "innerHTML"
            return response
        return render(request, "ai_assistant/chat.html", _page_context(request, conversation, form), status=400)
    if not request.htmx:
        return redirect(answer.conversation)
    conversation = answer.conversation
    question = conversation.messages.filter(role="user").order_by("-created_at", "-pk").first()
    context = {
        "conversation": conversation,
        "conversations": _conversations(request),
        "new_messages": [question, answer],
        "new_conversation": conversation,
    }
    return render(request, "ai_assistant/_exchange.html", context)


@require_POST
@permission_required(Conversation, "delete")
def conversation_delete(request, pk):
    conversation = get_object_or_404(Conversation.objects.for_user(request.user, "delete"), pk=pk)
    services.delete_conversation(user=request.user, conversation=conversation)
    messages.success(request, "The conversation was deleted.")
    return redirect("ai:index")
