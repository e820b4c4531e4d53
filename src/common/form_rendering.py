"""Fast Bootstrap 5 markup for one form field: ``{% load obcms %}{% bs_field form.name %}``.

crispy-forms renders a field through a dozen nested templates and Django renders each option of a
choice widget through its own template: on the 60-field barangay OBC form that was most of the
page's time (profiled: ~2,000 template renders per request). This renders the same markup
(label, widget, errors, help text; ``aria-describedby``; ``is-invalid``) in Python. Select,
radio and checkbox-list widgets are written out here, escaped; any other widget is rendered by
Django (``BoundField.as_widget``) with the Bootstrap class added, so custom widgets keep working.

Use it for long forms; short forms may keep ``|crispy``. The markup is the same either way.
"""

from __future__ import annotations

import html

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        parts.append(f" {_e(name)}" if value is True else f' {_e(name)}="{_e(value)}"')
    return mark_safe("".join(parts))  # noqa: S308 — every name and value escaped by _e


def _e(value) -> str:
    """Escape for HTML text and attribute values (what Django's ``escape`` does, without its lazy wrapper)."""
    return html.escape(str(value), quote=True)


def _flat_choices(choices):
    """(value, label, group label or None) for plain and grouped choices."""
    for value, label in choices:
        if isinstance(label, list | tuple):
            for sub_value, sub_label in label:
                yield sub_value, sub_label, value
        else:
            yield value, label, None


def _selected(bound_field) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if not isinstance(value, list | tuple | set):
        value = [value]
    return {"" if v is None else str(v) for v in value}


def _describedby(bound_field) -> str | None:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids) or None


def _widget_attrs(bound_field, css: str) -> dict:
    field, widget = bound_field.field, bound_field.field.widget
    attrs = {**widget.attrs}
    attrs["class"] = " ".join(filter(None, [attrs.get("class"), css, "is-invalid" if bound_field.errors else ""]))
    if bound_field.form.use_required_attribute and field.required and widget.use_required_attribute(None):
        attrs["required"] = True
    if field.disabled:
        attrs["disabled"] = True
    attrs["aria-describedby"] = _describedby(bound_field)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return {name: value for name, value in attrs.items() if value is not None}


def _select(bound_field) -> SafeString:
    widget = bound_field.field.widget
    attrs = _widget_attrs(bound_field, "form-select")
    attrs = {"name": bound_field.html_name, "id": bound_field.auto_id, **attrs}
    if widget.allow_multiple_selected:
        attrs["multiple"] = True
    selected = _selected(bound_field)
    options, group = [], None
    for value, label, group_label in _flat_choices(bound_field.field.choices):
        if group_label != group:
            if group is not None:
                options.append("</optgroup>")
            if group_label is not None:
                options.append(f'<optgroup label="{_e(group_label)}">')
            group = group_label
        value = "" if value is None else str(value)
        mark = " selected" if value in selected else ""
        options.append(f'<option value="{_e(value)}"{mark}>{_e(label)}</option>')
    if group is not None:
        options.append("</optgroup>")
    return format_html("<select{}>{}</select>", _attrs(attrs), mark_safe("".join(options)))  # noqa: S308 — escaped


def _choice_list(bound_field, input_type: str) -> SafeString:
    selected = _selected(bound_field)
    invalid = " is-invalid" if bound_field.errors else ""
    disabled = " disabled" if bound_field.field.disabled else ""
    name = _e(bound_field.html_name)
    items = []
    for index, (value, label, _group) in enumerate(_flat_choices(bound_field.field.choices)):
        value = "" if value is None else str(value)
        option_id = _e(f"{bound_field.auto_id}_{index}")
        checked = " checked" if value in selected else ""
        items.append(
            f'<div class="form-check"><input type="{input_type}" name="{name}" value="{_e(value)}" '
            f'class="form-check-input{invalid}" id="{option_id}"{checked}{disabled}>'
            f'<label class="form-check-label" for="{option_id}">{_e(label)}</label></div>'
        )
    return mark_safe("".join(items))  # noqa: S308 — every value and label escaped by _e


#: Widgets whose markup is one ``<input>`` (exact classes: subclasses may have their own templates).
SIMPLE_INPUTS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
)


def _input(bound_field) -> SafeString:
    widget = bound_field.field.widget
    attrs = {
        "type": widget.input_type,
        "name": bound_field.html_name,
        "value": widget.format_value(bound_field.value()),
        "id": bound_field.auto_id,
        **_widget_attrs(bound_field, "form-control"),
    }
    return format_html("<input{}>", _attrs(attrs))


def _textarea(bound_field) -> SafeString:
    widget = bound_field.field.widget
    attrs = {"name": bound_field.html_name, "id": bound_field.auto_id, **_widget_attrs(bound_field, "form-control")}
    # The newline after the opening tag keeps a value that starts with one (HTML drops the first).
    return format_html("<textarea{}>\n{}</textarea>", _attrs(attrs), widget.format_value(bound_field.value()) or "")


def _help_and_errors(bound_field) -> SafeString:
    parts = []
    if bound_field.errors:
        errors = format_html_join("", "<span><strong>{}</strong></span> ", ((e,) for e in bound_field.errors))
        template = '<div id="{}_error" class="invalid-feedback d-block">{}</div>'
        parts.append(format_html(template, bound_field.auto_id, errors))
    if bound_field.help_text:
        parts.append(
            format_html(
                '<div id="{}_helptext" class="form-text">{}</div>',
                bound_field.auto_id,
                conditional_escape(bound_field.help_text),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 — built with format_html


def _label(bound_field, tag: str = "label") -> SafeString:
    required = bound_field.field.required
    return format_html(
        '<{} {}class="form-label{}">{}{}</{}>',
        tag,
        format_html('for="{}" ', bound_field.id_for_label) if tag == "label" else "",
        " requiredField" if required else "",
        bound_field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        tag,
    )


def render_field(bound_field) -> SafeString:
    """The Bootstrap 5 block of one bound field (see the module docstring)."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return bound_field.as_widget()
    wrapper = format_html('id="div_{}"', bound_field.auto_id)
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        input_type = "checkbox" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio"
        return format_html(
            '<fieldset {} class="mb-3"{}>{}{}{}</fieldset>',
            wrapper,
            _attrs({"aria-describedby": _describedby(bound_field)}),
            _label(bound_field, "legend"),
            _choice_list(bound_field, input_type),
            _help_and_errors(bound_field),
        )
    if isinstance(widget, forms.CheckboxInput):
        attrs = _widget_attrs(bound_field, "form-check-input")
        return format_html(
            '<div {} class="mb-3"><div class="form-check">{}<label for="{}" class="form-check-label">{}</label>'
            "{}</div></div>",
            wrapper,
            bound_field.as_widget(attrs=attrs),
            bound_field.id_for_label,
            bound_field.label,
            _help_and_errors(bound_field),
        )
    if isinstance(widget, forms.Select):
        control = _select(bound_field)
    elif type(widget) in SIMPLE_INPUTS:
        control = _input(bound_field)
    elif type(widget) is forms.Textarea:
        control = _textarea(bound_field)
    else:
        control = bound_field.as_widget(attrs=_widget_attrs(bound_field, "form-control"))
    return format_html(
        '<div {} class="mb-3">{}{}{}</div>', wrapper, _label(bound_field), control, _help_and_errors(bound_field)
    )
