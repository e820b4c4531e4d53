"""List exports as background jobs (the pattern of the communities export, shared).

The export button opens a confirmation page (how many rows, which filters); its POST starts a
``common.models.Job`` whose handler rebuilds the same filtered ``for_user`` rows as the owner and
writes the file through ``common.exports`` with progress; the job page shows the bar and an
access-checked download. Filters travel in the job's params as a JSON dict (ids and codes only).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.http import QueryDict
from django.shortcuts import redirect, render

from common.services.jobs import start_job

FORMATS = {"xlsx": "Excel", "csv": "CSV"}
#: Query-string keys that are not filters.
NON_FILTER_KEYS = {"format", "page", "sort", "per_page", "purpose", "csrfmiddlewaretoken"}


def filter_params(query: QueryDict | dict) -> dict:
    """The list page's filters from a query string, as a JSON-friendly dict."""
    if isinstance(query, QueryDict):
        items = {key: query.getlist(key) for key in query}
    else:
        items = {key: value if isinstance(value, list) else [value] for key, value in query.items()}
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in items.items()
        if key not in NON_FILTER_KEYS and any(str(v).strip() for v in values)
    }


def as_querydict(params: dict | None) -> QueryDict:
    """The inverse of ``filter_params``: what a FilterSet reads."""
    data = QueryDict(mutable=True)
    for key, value in (params or {}).items():
        data.setlist(key, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return data


def owner_request(user):
    """What a FilterSet needs of a request (``request.user``) when it runs in a job."""
    return SimpleNamespace(user=user, GET=QueryDict())


def confirm_or_start(
    request, *, job_kind: str, job_params: dict, count: int, title: str, fmt: str, back_url: str, format_label=""
):
    """GET: the confirmation page; POST: start the job and go to its progress page."""
    if request.method == "POST":
        job = start_job(owner=request.user, kind=job_kind, params=job_params)
        return redirect("jobs:detail", pk=job.pk)
    context = {
        "title": title,
        "count": count,
        "format_label": format_label or FORMATS[fmt],
        "params": job_params.get("filters") or {},
        "query": request.GET.urlencode(),
        "back_url": back_url,
    }
    return render(request, "common/exports/confirm.html", context)
