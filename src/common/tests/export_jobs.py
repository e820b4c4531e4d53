"""Test helper: run a list export the way a user does (confirm page → POST → job → download)."""

from django.urls import reverse

from common.models import Job


def run_export(client, url: str, params: dict, capture) -> tuple[Job, bytes]:
    """POST the export form (``capture`` is ``django_capture_on_commit_callbacks``), follow to the job
    and download its file as the same client. Returns the finished job and the file's bytes."""
    from urllib.parse import urlencode

    full = f"{url}?{urlencode(params, doseq=True)}"
    with capture(execute=True):
        response = client.post(full)
    assert response.status_code == 302, response.status_code
    job = Job.objects.order_by("-pk").first()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200, download.status_code
    return job, b"".join(download.streaming_content)
