"""Participants (personal data, RA 10173): registration, consent, export (always logged)."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common import personal_data
from common.appkit.concurrency import apply_changes, lock_for_edit, require_visible, save_changes
from common.exports import csv_bytes, openpyxl_row
from mana.community import community_in_area, community_queryset, link_participant_profile
from mana.models import Participant
from mana.services.access import require_assessment

EXPORT_COLUMNS = [
    ("code", "Code"),
    ("name", "Name"),
    ("sex", "Sex"),
    ("age_group", "Age group"),
    ("sector", "Sector"),
    ("organization", "Organization"),
    ("community", "Community"),
    ("contact", "Contact"),
    ("consent_given_by", "Consent given by"),
    ("consent_at", "Consent at"),
    ("consent_method", "Consent method"),
]
PARTICIPANT_FIELDS = ("name", "sex", "age_group", "sector", "organization", "community", "contact")


def _check_community(participant, user) -> None:
    if participant.community_id:
        require_visible(community_queryset(), user, [participant.community], field="community", label="communities")
    if participant.community_id and not community_in_area(participant.community, participant.assessment):
        raise ValidationError({"community": "That community is outside the assessment's area."})


def _apply_consent(participant, *, user, given_by, method, at) -> None:
    if not method:
        return
    if method not in Participant.ConsentMethod.values:
        raise ValidationError({"consent_method": "Choose how consent was given."})
    participant.consent_given_by = (given_by or participant.name).strip()
    participant.consent_method = method
    participant.consent_at = at or timezone.now()
    participant.consent_recorded_by = user
    if participant.consent_at > timezone.now():
        raise ValidationError({"consent_at": "Consent cannot be dated in the future."})


@transaction.atomic
def register_participant(
    *,
    user,
    assessment,
    name: str,
    sex: str,
    age_group: str = "",
    sector: str = "",
    organization: str = "",
    community=None,
    contact: str = "",
    consent_given_by: str = "",
    consent_method: str = "",
    consent_at=None,
    community_profile=None,
) -> Participant:
    require_assessment(user, assessment, model=Participant, action="add")
    participant = Participant(
        assessment=assessment,
        name=name.strip(),
        sex=sex,
        age_group=age_group,
        sector=sector,
        organization=organization,
        community=community,
        contact=contact,
        created_by=user,
        updated_by=user,
    )
    _apply_consent(participant, user=user, given_by=consent_given_by, method=consent_method, at=consent_at)
    participant.full_clean()
    _check_community(participant, user)
    link_participant_profile(participant, community_profile)
    participant.save()
    return participant


@transaction.atomic
def update_participant(
    *, user, participant: Participant, community_profile=None, expected_revision=None, **fields
) -> Participant:
    """Edit a participant: locked, checked against the revision the user read, changed fields only."""
    require_assessment(user, participant.assessment, model=Participant, action="change")
    lock_for_edit(participant, expected_revision=expected_revision)
    consent = {k: fields.pop(k, None) for k in ("consent_given_by", "consent_method", "consent_at")}
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown participant field {sorted(unknown)[0]!r}.")
    changed = apply_changes(participant, fields)
    if consent["consent_method"] and consent["consent_method"] != participant.consent_method:
        _apply_consent(
            participant,
            user=user,
            given_by=consent["consent_given_by"],
            method=consent["consent_method"],
            at=consent["consent_at"],
        )
        changed += ["consent_given_by", "consent_method", "consent_at", "consent_recorded_by"]
    participant.full_clean()
    _check_community(participant, user)
    profile_before = participant.community_profile_id
    link_participant_profile(participant, community_profile)
    if participant.community_profile_id != profile_before:
        changed.append("community_profile")
    if changed:
        save_changes(participant, changed, user=user)
    return participant


@transaction.atomic
def record_consent(*, user, participant: Participant, given_by: str, method: str, at=None) -> Participant:
    require_assessment(user, participant.assessment, model=Participant, action="change")
    if not method:
        raise ValidationError({"consent_method": "Choose how consent was given."})
    lock_for_edit(participant)  # re-read under a lock: write the consent only, never stale fields
    _apply_consent(participant, user=user, given_by=given_by, method=method, at=at)
    save_changes(participant, ["consent_given_by", "consent_method", "consent_at", "consent_recorded_by"], user=user)
    return participant


@transaction.atomic
def delete_participant(*, user, participant: Participant) -> None:
    require_assessment(user, participant.assessment, model=Participant, action="delete")
    participant.soft_delete(user=user)


def _rows(participants):
    for p in participants:
        yield [
            p.code,
            p.name,
            p.get_sex_display(),
            p.get_age_group_display(),
            p.get_sector_display(),
            p.organization,
            str(p.community or ""),
            p.contact,
            p.consent_given_by,
            timezone.localtime(p.consent_at).strftime("%Y-%m-%d %H:%M") if p.consent_at else "",
            p.get_consent_method_display(),
        ]


@transaction.atomic
def export_participants(
    *, user, assessment, participants, file_format: str = "csv", filters: str = "", purpose: str = ""
) -> bytes:
    """Participants leave the system only here: under the personal-data rule, and every export is logged.

    ``participants`` must already be ``Participant.objects.for_user(user)`` narrowed to the assessment.
    """
    if not personal_data.can_view(user, Participant, obj=assessment):
        raise PermissionDenied("Your role may not export personal data.")
    if file_format not in ("csv", "xlsx"):
        raise ValidationError({"format": "Choose csv or xlsx."})
    participants = list(participants.filter(assessment=assessment).select_related("community"))
    header = [label for _, label in EXPORT_COLUMNS]
    if file_format == "csv":
        content = csv_bytes(header, _rows(participants))
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Participants")
        ws.append(openpyxl_row(ws, header))
        for row in _rows(participants):
            ws.append(openpyxl_row(ws, row))
        out = io.BytesIO()
        wb.save(out)
        content = out.getvalue()
    personal_data.log_export(
        user=user,
        model=Participant,
        rows=len(participants),
        channel="download",
        file_format=file_format,
        description=f"Participants of the MANA assessment “{assessment.title}”",
        purpose=purpose,
        filters=filters,
        target=assessment,
    )
    return content
