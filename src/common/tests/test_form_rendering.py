"""The fast field renderer (``{% bs_field %}``): same Bootstrap markup as crispy, escaped, accessible."""

import re

from django import forms
from django.template import Context, Template

from common.form_rendering import render_field


class Sample(forms.Form):
    group = forms.ChoiceField(
        choices=[("", "---"), ("sama", "Sama"), ("x", "<b>Bold</b> & co")], help_text="Main group."
    )
    langs = forms.MultipleChoiceField(
        choices=[("tausug", "Tausug"), ("sama", "Sama")], widget=forms.CheckboxSelectMultiple, required=False
    )
    count = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"min": 0}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(required=False)
    fixed = forms.IntegerField(required=False, disabled=True)


def test_choice_widgets_keep_what_was_chosen_and_escape_labels():
    form = Sample(data={"group": "x", "langs": ["sama"], "count": "3", "notes": "<script>alert(1)</script>"})
    group = render_field(form["group"])
    assert '<option value="x" selected>&lt;b&gt;Bold&lt;/b&gt; &amp; co</option>' in group
    assert 'class="form-select"' in group and 'aria-describedby="id_group_helptext"' in group
    assert '<div id="id_group_helptext" class="form-text">Main group.</div>' in group
    langs = render_field(form["langs"])
    assert re.search(r'name="langs" value="sama"[^>]*checked', langs)
    assert not re.search(r'name="langs" value="tausug"[^>]*checked', langs)
    assert '<label class="form-check-label" for="id_langs_1">Sama</label>' in langs
    assert "<legend" in langs
    notes = render_field(form["notes"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in notes and "<script>" not in notes


def test_errors_mark_the_field_invalid_and_are_announced():
    form = Sample(data={"group": "", "count": "-1"})
    assert not form.is_valid()
    count = render_field(form["count"])
    assert 'class="form-control is-invalid"' in count and 'aria-invalid="true"' in count
    assert 'aria-describedby="id_count_error"' in count
    assert '<div id="id_count_error" class="invalid-feedback d-block">' in count
    assert 'value="-1"' in count  # what was typed is kept
    group = render_field(form["group"])
    assert "required" in group and "is-invalid" in group and 'class="form-label requiredField"' in group


def test_other_widgets_and_the_template_tag():
    form = Sample()
    assert 'class="form-check-input"' in render_field(form["agree"])
    assert " disabled" in render_field(form["fixed"])
    html = Template("{% load obcms %}{% bs_field form.count %}").render(Context({"form": form}))
    assert html.startswith('<div id="div_id_count" class="mb-3"><label for="id_count"')
    assert 'type="number"' in html and 'min="0"' in html
