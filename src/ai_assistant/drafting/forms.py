"""Review forms: the corrected text of a draft, and one proposed action item."""

from __future__ import annotations

from django import forms

from .minutes import owner_candidates
from .services import MAX_TEXT


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class AcceptTextForm(forms.Form):
    text = forms.CharField(label="Draft (correct it before accepting)", max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 16}))  # fmt: skip
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label="Why the endorsed content changes", required=False, max_length=500,
        help_text="Recorded with the revision (the recommendation is endorsed: its content is frozen).",
    )  # fmt: skip

    def __init__(self, *args, frozen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not frozen:
            del self.fields["reason"]
        _style(self)


class ItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    owner = forms.ModelChoiceField(queryset=None, empty_label="Choose the owner")
    due_date = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_candidates(user)
        _style(self)
