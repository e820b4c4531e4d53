"""The chat's question form."""

from django import forms

from ai_assistant.services.chat import MAX_QUESTION_LENGTH


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control", "data-chat-input": ""}),
    )
    conversation = forms.IntegerField(required=False, widget=forms.HiddenInput(attrs={"id": "chat-conversation"}))
