import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import Job
from common.services import jobs as job_service
from common.services.jobs import JobError, JobOutput, register_job, start_job
from common.tasks import purge_old_jobs, run_job
from common.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

calls: list[int] = []


@register_job("tests.echo", title="Echo test")
def _echo(job, progress):
    calls.append(job.pk)
    total = job.params.get("rows", 3)
    progress(0, total)
    for i in range(total):
        progress(i + 1)
    return JobOutput(filename=f"echo-{job.owner.username}.txt", content=f"rows={total}".encode())


@register_job("tests.fails_politely", title="Failing test")
def _fails_politely(job, progress):
    raise JobError("No communities match the filters.")


@register_job("tests.crashes", title="Crashing test")
def _crashes(job, progress):
    raise RuntimeError("database password is hunter2")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls.clear()


def _finished_job(owner, django_capture_on_commit_callbacks, kind="tests.echo", **params):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=owner, kind=kind, params=params)
    job.refresh_from_db()
    return job


def test_start_job_creates_the_row_and_runs_it_after_commit(officer_ix, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(owner=officer_ix, kind="tests.echo", params={"rows": 4})
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert calls == [] and len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert job.filename == "echo-officer_ix.txt"
    assert job.result.read() == b"rows=4"
    assert job.started_at and job.finished_at and job.error == ""


def test_job_that_is_finished_or_running_is_not_run_again(officer_ix, django_capture_on_commit_callbacks):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    assert calls == [job.pk]
    assert run_job.delay(job.pk).get() is None
    assert calls == [job.pk]
    running = Job.objects.create(owner=officer_ix, kind="tests.echo", status=Job.Status.RUNNING)
    assert run_job(running.pk) is None
    assert calls == [job.pk]
    assert run_job(999_999) is None


def test_job_error_is_shown_to_the_user_as_written(officer_ix, django_capture_on_commit_callbacks):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks, kind="tests.fails_politely")
    assert job.status == Job.Status.FAILED
    assert job.error == "No communities match the filters."
    assert not job.result


def test_unexpected_failure_is_logged_but_its_details_are_not_shown(
    officer_ix, django_capture_on_commit_callbacks, caplog
):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks, kind="tests.crashes")
    assert job.status == Job.Status.FAILED
    assert "failed unexpectedly" in job.error and "hunter2" not in job.error
    assert "hunter2" in caplog.text


def test_params_with_secrets_or_unknown_kinds_are_refused(officer_ix):
    with pytest.raises(ValueError, match="secrets"):
        start_job(owner=officer_ix, kind="tests.echo", params={"filters": {"api_token": "x"}})
    with pytest.raises(LookupError, match="No job handler"):
        start_job(owner=officer_ix, kind="tests.nope", params={})
    assert not Job.objects.exists()


def test_params_are_stored_as_json(officer_ix):
    job = start_job(owner=officer_ix, kind="tests.echo", params={"since": timezone.datetime(2025, 1, 2).date()})
    assert Job.objects.get(pk=job.pk).params == {"since": "2025-01-02"}


def test_a_kind_cannot_be_registered_twice_by_different_handlers():
    with pytest.raises(ValueError, match="already registered"):
        register_job("tests.echo", title="Other")(lambda job, progress: None)


def test_progress_is_throttled_but_forced_writes_go_through(officer_ix, monkeypatch):
    job = Job.objects.create(owner=officer_ix, kind="tests.echo")
    progress = job_service.Progress(job)
    progress(0, 10)
    progress(5)
    assert Job.objects.get(pk=job.pk).done == 0
    progress(7, force=True)
    stored = Job.objects.get(pk=job.pk)
    assert (stored.done, stored.total, stored.percent) == (7, 10, 70)


def test_celery_app_knows_the_job_task():
    from obc_management.celery import app

    assert "common.run_job" in app.tasks and "common.purge_old_jobs" in app.tasks


def test_purge_removes_old_jobs_and_uploads_with_their_files(officer_ix, django_capture_on_commit_callbacks):
    import os

    from django.core.files.base import ContentFile

    from common.models import ImportUpload

    old = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    recent = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    upload = ImportUpload(owner=officer_ix, kind="tests.users", filename="people.csv")
    upload.file.save("people.csv", ContentFile(b"Username\nx\n"))
    month_ago = timezone.now() - timezone.timedelta(days=30)
    Job.objects.filter(pk=old.pk).update(finished_at=month_ago)
    ImportUpload.objects.filter(pk=upload.pk).update(created_at=month_ago)
    paths = [old.result.path, upload.file.path]
    assert purge_old_jobs(days=14) == 2
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not ImportUpload.objects.exists()
    assert not any(os.path.exists(p) for p in paths)
    assert os.path.exists(recent.result.path)


# --- pages ------------------------------------------------------------------------------------


def test_owner_sees_progress_and_download_link(client, officer_ix, django_capture_on_commit_callbacks):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    client.force_login(officer_ix)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-status="succeeded"' in html and "hx-trigger" not in html
    assert reverse("jobs:download", args=[job.pk]) in html
    assert 'aria-valuenow="100"' in html


def test_running_job_polls_with_htmx_and_the_partial_has_no_layout(client, officer_ix):
    job = Job.objects.create(owner=officer_ix, kind="tests.echo", status=Job.Status.RUNNING, done=3, total=12)
    client.force_login(officer_ix)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<html" in page
    assert 'http-equiv="refresh"' in page  # without JavaScript the page reloads itself
    partial = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'aria-valuenow="25"' in partial and "3 of 12" in partial
    assert reverse("jobs:download", args=[job.pk]) not in partial


def test_failed_job_page_shows_the_error(client, officer_ix, django_capture_on_commit_callbacks):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks, kind="tests.fails_politely")
    client.force_login(officer_ix)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "No communities match the filters." in html and 'role="alert"' in html


def test_owner_downloads_the_result_with_its_filename(client, officer_ix, django_capture_on_commit_callbacks):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    client.force_login(officer_ix)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"rows=3"
    assert 'filename="echo-officer_ix.txt"' in response["Content-Disposition"]


def test_administrator_may_see_and_download_any_job(
    client, officer_ix, administrator, django_capture_on_commit_callbacks
):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    client.force_login(administrator)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["officer_xii", "executive", "partner_ix", "outsider"])
def test_other_users_cannot_see_or_download_a_job(
    client, request, persona, officer_ix, django_capture_on_commit_callbacks
):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert reverse("jobs:detail", args=[job.pk]) not in client.get(reverse("jobs:list")).content.decode()


def test_anonymous_user_is_sent_to_sign_in(client, officer_ix, django_capture_on_commit_callbacks):
    job = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    for name in ("jobs:detail", "jobs:download"):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_download_of_unfinished_or_failed_job_is_not_found(client, officer_ix, django_capture_on_commit_callbacks):
    failed = _finished_job(officer_ix, django_capture_on_commit_callbacks, kind="tests.fails_politely")
    queued = Job.objects.create(owner=officer_ix, kind="tests.echo")
    client.force_login(officer_ix)
    for job in (failed, queued):
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_my_jobs_lists_only_my_jobs(client, officer_ix, django_capture_on_commit_callbacks):
    mine = _finished_job(officer_ix, django_capture_on_commit_callbacks)
    other = _finished_job(UserFactory(), django_capture_on_commit_callbacks)
    client.force_login(officer_ix)
    html = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:detail", args=[mine.pk]) in html
    assert reverse("jobs:detail", args=[other.pk]) not in html


@pytest.mark.django_db
def test_a_job_left_running_by_a_stopped_worker_is_failed_with_a_plain_message(officer_ix):
    from datetime import timedelta

    from common.tasks import fail_stale_jobs

    now = timezone.now()
    stale = Job.objects.create(
        owner=officer_ix, kind="x", status=Job.Status.RUNNING, started_at=now - timedelta(hours=2)
    )
    fresh = Job.objects.create(
        owner=officer_ix, kind="x", status=Job.Status.RUNNING, started_at=now - timedelta(minutes=5)
    )
    assert fail_stale_jobs.apply().get() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Job.Status.FAILED and "interrupted" in stale.error and stale.finished_at
    assert fresh.status == Job.Status.RUNNING
