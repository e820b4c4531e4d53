"""Health endpoints answer before host validation, SSL redirect and sessions.

A container health check calls http://localhost:8000/health/ with whatever Host header its tool
sends and without TLS; neither ALLOWED_HOSTS nor SECURE_SSL_REDIRECT may decide the answer.
"""

import json
import re

from django.http import JsonResponse, QueryDict
from django.shortcuts import render

from common import health

HEALTH_VIEWS = {"/health/": health.alive, "/ready/": health.ready}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)


# --- Hostile text -------------------------------------------------------------------------------
# Control characters have no business in a code, a filter, a path or a form field. PostgreSQL refuses
# NUL in text (a 500 deep in a query); the others would be stored and shown. Tab, line feed and
# carriage return stay allowed in bodies (text areas), never in the path.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PATH_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
JSON_CONTENT_TYPES = ("application/json", "application/merge-patch+json", "application/vnd.api+json")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CONTROL_CHARACTER_MESSAGE = (
    "The request contains control characters (such as NUL) in {where}. Remove them and try again."
)


def _json_has_control_characters(value) -> bool:
    if isinstance(value, str):
        return bool(CONTROL_CHARACTERS.search(value))
    if isinstance(value, dict):
        return any(_json_has_control_characters(k) or _json_has_control_characters(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_json_has_control_characters(item) for item in value)
    return False


def _querydict_has_control_characters(data) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
        for key, values in data.lists()
    )


def control_characters_in(request) -> str | None:
    """Where ``request`` carries control characters ("the address", "a parameter"...), or None."""
    if PATH_CONTROL_CHARACTERS.search(request.path_info):
        return "the address"
    if _querydict_has_control_characters(request.GET):
        return "a search or filter parameter"
    content_type = request.content_type or ""
    api = request.path_info.startswith("/api/")
    # The API parses JSON only: reading a form body here would leave DRF an exhausted stream (and an
    # empty request instead of its 415), so API form bodies are left to the API's parsers.
    if request.method == "POST" and content_type in FORM_CONTENT_TYPES and not api:
        if _querydict_has_control_characters(request.POST):
            return "a form field"
    elif content_type == "application/x-www-form-urlencoded" and not api and request.body:  # PUT/PATCH forms
        if _querydict_has_control_characters(QueryDict(request.body, encoding=request.encoding)):
            return "a form field"
    elif content_type in JSON_CONTENT_TYPES and request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            return None  # not JSON: the view's parser answers with its own 400
        if _json_has_control_characters(data):
            return "the JSON body"
    return None


class RejectControlCharactersMiddleware:
    """Answer 400 with a plain message to any request whose path, query, form or JSON body holds a
    control character, before any view or query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = control_characters_in(request)
        if where is None:
            return self.get_response(request)
        message = CONTROL_CHARACTER_MESSAGE.format(where=where)
        if request.path_info.startswith("/api/") or "application/json" in request.META.get("HTTP_ACCEPT", ""):
            return JsonResponse({"detail": message, "code": "control_characters", "errors": {}}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
