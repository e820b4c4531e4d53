"""Import pages, shared by every registered import: upload, preview (dry run), commit, template.

Access: the spec's ``has_permission`` (e.g. the add permission of the model) for every page;
an upload is visible to the user who uploaded it only. Each row's own rules (area, validation)
are applied by the spec and the app's service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from common.formatting import display_datetime
from common.imports.engine import Preview, get_spec, preview_table
from common.imports.files import ImportFileError
from common.imports.forms import UploadForm
from common.imports.services import (
    AlreadyCommitted,
    NotRead,
    commit_upload,
    request_read,
    stored_table,
    summary_message,
)
from common.imports.template import build_template
from common.models import ImportUpload
from common.services.jobs import start_job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Ready rows listed in full up to this many; rows needing attention are always all listed.
READY_ROWS_SHOWN = 200
#: Files with more rows are written by a background job, with a progress bar.
DIRECT_COMMIT_MAX_ROWS = 300


def _spec(request, kind):
    try:
        spec = get_spec(kind)
    except LookupError:
        raise Http404("No such import.") from None
    if not spec.has_permission(request.user):
        raise PermissionDenied("You may not import these records.")
    return spec


def _upload(request, pk):
    upload = get_object_or_404(ImportUpload, pk=pk, owner=request.user)
    return upload, _spec(request, upload.kind)


def _choices(data) -> dict[int, str]:
    choices = {}
    for name, value in data.items():
        if name.startswith("choice-") and name[7:].isdigit() and value:
            choices[int(name[7:])] = value
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request, kind):
    spec = _spec(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = ImportUpload(owner=request.user, kind=spec.kind, filename=file.name[:200])
        upload.file.save(file.name, file, save=False)
        upload.save()
        request_read(upload=upload, user=request.user)  # read once, in a job
        return redirect("imports:preview", pk=upload.pk)
    return render(request, "common/imports/start.html", {"spec": spec, "form": form})


@login_required
def import_template(request, kind):
    spec = _spec(request, kind)
    response = HttpResponse(build_template(spec), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{spec.kind.replace(".", "-")}-template.xlsx"'
    return response


def _render_preview(request, spec, upload, preview, choices, status=200):
    context = {
        "spec": spec,
        "upload": upload,
        "preview": preview,
        "choices": choices,
        "counts": preview.counts,
        "ready_rows": preview.ready_rows[:READY_ROWS_SHOWN],
        "ready_hidden": max(0, len(preview.ready_rows) - READY_ROWS_SHOWN),
    }
    return render(request, "common/imports/preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    upload, spec = _upload(request, pk)
    if upload.is_committed:
        messages.info(request, f"{upload.filename} was already imported on {display_datetime(upload.committed_at)}.")
        return redirect("imports:start", kind=spec.kind)
    choices = _choices(request.POST)
    preview = _preview(request, spec, upload, choices)
    if preview is None:
        return _render_reading(request, spec, upload)
    return _render_preview(request, spec, upload, preview, choices)


def _preview(request, spec, upload, choices) -> Preview | None:
    """The plan of the stored table; None while the file is still being read (never reads the file)."""
    if upload.read_status == ImportUpload.ReadStatus.NEW:  # uploaded before files were read by a job
        upload = request_read(upload=upload, user=request.user)
    try:
        table = stored_table(upload)
    except NotRead:
        return None
    except ImportFileError as exc:
        return Preview(file_errors=[str(exc)])
    return preview_table(spec, table, user=request.user, choices=choices)


def _render_reading(request, spec, upload):
    context = {"spec": spec, "upload": upload, "job": upload.read_job, "poll_seconds": 1}
    return render(request, "common/imports/reading.html", context, status=202)


@login_required
@require_POST
def import_commit(request, pk):
    """Small files are written in the request; larger ones by a background job (progress bar)."""
    upload, spec = _upload(request, pk)
    choices = _choices(request.POST)
    if upload.is_committed:
        messages.info(request, f"{upload.filename} was already imported; nothing was written again.")
        return redirect("imports:start", kind=spec.kind)
    preview = _preview(request, spec, upload, choices)
    if preview is None:
        return _render_reading(request, spec, upload)
    if preview.can_commit and len(preview.rows) > DIRECT_COMMIT_MAX_ROWS:
        job = start_job(owner=request.user, kind="imports.commit", params={"upload": upload.pk, "choices": choices})
        return redirect("jobs:detail", pk=job.pk)
    if preview.can_commit:
        try:
            preview = commit_upload(upload=upload, user=request.user, choices=choices)
        except AlreadyCommitted as exc:
            messages.info(request, str(exc))
            return redirect("imports:start", kind=spec.kind)
    if not preview.committed:
        messages.error(
            request, "Nothing was imported. Correct the rows marked below (or choose where asked), then try again."
        )
        return _render_preview(request, spec, upload, preview, choices, status=400)
    upload.refresh_from_db()
    messages.success(request, summary_message(upload))
    return redirect(spec.success_url if spec.success_url.startswith("/") else reverse(spec.success_url))
