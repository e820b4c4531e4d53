"""Writes of the evidence chain: cite a MANA need, assessment, community, engagement or feedback, an
uploaded document or an external source; remove a citation. Each cited record must be one the user
can open (``for_user``). Citing evidence for frozen (endorsed) content is a revision by a reviewer."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from common.uploads import check_upload, max_upload_bytes
from communities.models import BarangayOBC
from coordination.models import Engagement, Feedback
from mana.models import Assessment, Need
from policies.models import REVIEW, Evidence, EvidenceKind, Recommendation

from .recommendations import locked, recompute_priority, record_evidence_revision

TARGET_MODELS = {
    EvidenceKind.NEED: ("need", Need),
    EvidenceKind.ASSESSMENT: ("assessment", Assessment),
    EvidenceKind.COMMUNITY: ("community", BarangayOBC),
    EvidenceKind.ENGAGEMENT: ("engagement", Engagement),
    EvidenceKind.FEEDBACK: ("feedback", Feedback),
}
SOURCE_FIELDS = ("source_title", "source_author", "source_year", "source_url")


def max_document_bytes() -> int:
    return getattr(settings, "POLICIES_DOCUMENT_MAX_BYTES", max_upload_bytes())


def check_document(upload) -> str:
    """The content type of an acceptable upload (``common.uploads.check_upload``: type from the
    content, size within ``POLICIES_DOCUMENT_MAX_BYTES``), or a ValidationError saying why not."""
    return check_upload(upload, max_bytes=max_document_bytes()).content_type


def _editable(user, recommendation: Recommendation, reason: str) -> Recommendation:
    rec = locked(user, recommendation)
    if not rec.is_editable:
        if not user.has_perm(REVIEW):
            raise PermissionDenied(
                f"{rec.reference} is {rec.get_status_display().lower()}: its evidence is frozen. "
                "A reviewer can record a revision."
            )
        if not (reason or "").strip():
            raise ValidationError({"reason": "Say why the evidence of an endorsed recommendation changes."})
    return rec


@transaction.atomic
def add_evidence(*, user, recommendation: Recommendation, kind: str, statement: str, reliability: str = "B",
                 target=None, upload=None, reason: str = "", **source) -> Evidence:  # fmt: skip
    rec = _editable(user, recommendation, reason)
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": f"Unknown evidence type {kind!r}."})
    unknown = set(source) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    evidence = Evidence(recommendation=rec, kind=kind, statement=(statement or "").strip(), reliability=reliability,
                        added_by=user, **source)  # fmt: skip
    if kind in TARGET_MODELS:
        field, model = TARGET_MODELS[kind]
        if target is None or not isinstance(target, model):
            raise ValidationError({field: f"Choose the {model._meta.verbose_name} this evidence cites."})
        if not model.objects.for_user(user).filter(pk=target.pk).exists():
            raise ValidationError({field: f"You cannot open this {model._meta.verbose_name}; cite one you can see."})
        setattr(evidence, field, target)
    elif kind == EvidenceKind.EXTERNAL:
        if not evidence.source_title.strip():
            raise ValidationError({"source_title": "Give the title of the external source."})
    elif kind == EvidenceKind.DOCUMENT:
        if upload is None:
            raise ValidationError({"file": "Choose the document to upload."})
        checked = check_upload(upload, max_bytes=max_document_bytes())
        evidence.content_type, evidence.original_name, evidence.size = checked.content_type, checked.name, checked.size
        evidence.source_title = evidence.source_title or evidence.original_name
    evidence.full_clean(exclude=["file", "recommendation"])
    if kind == EvidenceKind.DOCUMENT:
        evidence.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
    except IntegrityError as error:
        raise ValidationError("This record is already cited as evidence of the recommendation.") from error
    if kind == EvidenceKind.NEED:
        recompute_priority(rec)
    if not rec.is_editable:
        record_evidence_revision(user=user, rec=rec, reason=reason, change=f"Added: {evidence}")
    return evidence


@transaction.atomic
def remove_evidence(*, user, evidence: Evidence, reason: str = "") -> None:
    rec = _editable(user, evidence.recommendation, reason)
    label = str(evidence)
    was_need = evidence.need_id is not None
    evidence.delete()
    if was_need:
        recompute_priority(rec)
    if not rec.is_editable:
        record_evidence_revision(user=user, rec=rec, reason=reason, change=f"Removed: {label}")
