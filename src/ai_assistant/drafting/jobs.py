"""The background job that writes long drafts (MANA summaries of findings), with progress."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from common.services.jobs import JobError, JobOutput, register_job

from .services import JOB_KIND, fill_draft


@register_job(JOB_KIND, title="AI draft")
def write_draft(job, progress):
    """Params: ``draft`` (a Draft id owned by the job's owner)."""
    from ai_assistant.models.drafts import Draft

    draft = Draft.objects.filter(pk=job.params.get("draft"), user=job.owner).first()
    if draft is not None and draft.status != "pending":
        return JobOutput(message=f"The draft was {draft.get_status_display().lower()} before it was written.")
    if draft is None:
        raise JobError("The draft is no longer available; ask for a new one.")
    try:
        fill_draft(draft, progress=progress)
    except PermissionDenied as exc:
        raise JobError(str(exc)) from exc
    how = "online" if draft.is_online else "offline, from the record's own data"
    return JobOutput(message=f"The draft is ready for review (written {how}).")
