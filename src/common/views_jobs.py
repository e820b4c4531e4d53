"""Job pages: status with an htmx-polled progress bar, and the result download.

Only the job's owner and administrators may see a job; anyone else gets 404 (a job id tells
nothing about whether it exists).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from common.models import Job
from common.services.jobs import can_access_job

POLL_SECONDS = 1


def _job_for(request, pk) -> Job:
    job = get_object_or_404(Job.objects.select_related("owner"), pk=pk)
    if not can_access_job(request.user, job):
        raise Http404("No such job.")
    return job


@login_required
@require_GET
def job_list(request):
    jobs = Job.objects.filter(owner=request.user)[:50]
    return render(request, "common/jobs/list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request, pk):
    job = _job_for(request, pk)
    template = "common/jobs/_status.html" if request.htmx else "common/jobs/detail.html"
    return render(request, template, {"job": job, "poll_seconds": POLL_SECONDS})


@login_required
@require_GET
def job_download(request, pk):
    job = _job_for(request, pk)
    if job.status != Job.Status.SUCCEEDED or not job.result:
        raise Http404("This job has no file to download.")
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this job is no longer available.") from None
    return FileResponse(handle, as_attachment=True, filename=job.filename or "download")
