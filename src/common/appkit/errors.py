"""Service errors, translated once for every page and API endpoint.

Services raise three things: ``django.core.exceptions.ValidationError`` (bad input, broken rule),
``PermissionDenied`` (role or area) and ``StaleRecordError`` (someone saved first). Pages turn them
into form errors (``apply_to_form``), flash messages (``add_messages``) or the 403 page (Django's
own handling of ``PermissionDenied``); the API turns them into 400/403/412 with one body shape
(``common.appkit.api.exception_handler``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .concurrency import StaleRecordError


def error_dict(error: ValidationError) -> dict[str, list[str]]:
    """``{field: [messages]}``; errors without a field go under ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        result = {}
        for name, messages_ in error.message_dict.items():
            key = "non_field_errors" if name == NON_FIELD_ERRORS else name
            result.setdefault(key, []).extend(messages_)
        return result
    return {"non_field_errors": list(error.messages)}


def apply_to_form(form, error: Exception) -> None:
    """Put a service's error on ``form``: on the field when the form has it, else on top.

    A ``StaleRecordError`` becomes a message on top naming who changed the record, when and what,
    and the form's hidden version moves to the current one, so saving again is a conscious choice.
    What the user typed stays in the form.
    """
    if isinstance(error, StaleRecordError):
        mark_stale = getattr(form, "mark_stale", None)
        if mark_stale is None:
            form.add_error(None, error.message)
            return
        form.add_error(None, error.summary)  # partials/stale_record.html lists what changed
        mark_stale(error)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for item in errors:
            form.add_error(target, item)


def add_messages(request, error: Exception) -> None:
    """A refused action without a form (a button): its reasons as error messages."""
    if isinstance(error, StaleRecordError):
        messages.error(request, error.message)
        return
    for message in error.messages:
        messages.error(request, message)


#: What a page's service call may raise and still show the form again (PermissionDenied is not here:
#: it becomes the 403 page).
FORM_ERRORS = (ValidationError, StaleRecordError)
