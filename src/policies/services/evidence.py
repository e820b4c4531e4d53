"""Writes of the evidence chain: cite a MANA need, assessment, community, engagement or feedback, an
uploaded document or an external source; remove a citation. Each cited record must be one the user
can open (``for_user``). Citing evidence for frozen (endorsed) content is a revision by a reviewer."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

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
ALLOWED_DOCUMENTS = {
    # extension: (content type, magic bytes at the start of the file)
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def max_document_bytes() -> int:
    return getattr(settings, "POLICIES_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def check_document(upload) -> str:
    """The content type of an acceptable upload, or a ValidationError that says why not."""
    name = upload.name or ""
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED_DOCUMENTS:
        raise ValidationError(
            {"file": f"{name or 'This file'} is not an accepted type. Upload a PDF, Word (.docx), Excel (.xlsx), "
                     "JPEG or PNG file."}
        )  # fmt: skip
    limit = max_document_bytes()
    if upload.size > limit:
        raise ValidationError(
            {"file": f"{name} is {upload.size / 1048576:.1f} MB; the limit is {limit // 1048576} MB."}
        )
    if upload.size == 0:
        raise ValidationError({"file": f"{name} is empty."})
    content_type, magic = ALLOWED_DOCUMENTS[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magic):
        raise ValidationError({"file": f"{name} does not look like a {ext} file (its content is of another type)."})
    return content_type


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
        evidence.content_type = check_document(upload)
        evidence.original_name = upload.name[:255]
        evidence.size = upload.size
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
