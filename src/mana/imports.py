"""Bulk registration of participants from Excel/CSV, on the generic machinery of ``common.imports``
(upload → preview → all-or-nothing commit; template with a guide sheet).

One row per participant; the **Assessment ID** column names the assessment (shown on its
participants page). Each row is written through ``services.participants.register_participant`` —
the service the registration form uses — so the same rules apply: the user must be on the
assessment's team (or an administrator), the barangay must lie in the assessment's area, and
consent (who, when, how) is recorded when given. Rows without consent are registered, but no
response can be stored for them until consent is recorded.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from common import personal_data
from common.access import permission_allows
from common.imports import columns as c
from common.imports.engine import ImportSpec, RowPlan, register_import
from common.locations.matching import AMBIGUOUS, LocationMatcher, describe
from mana.community import community_in_area
from mana.models import Assessment, Participant
from mana.services.participants import register_participant

FIELDS = ("name", "sex", "age_group", "sector", "organization", "contact")


def _choice(name, choices, **kwargs):
    return c.Column(name, parse=c.parse_choice, parse_kwargs={"choices": choices}, **kwargs)


class ParticipantImport(ImportSpec):
    kind = "mana.participants"
    title = "MANA participants"
    instructions = (
        "One row per participant. Put the assessment's ID (shown on its participants page) in every row. "
        "Give the community as the barangay's PSGC code, or its name with the city/municipality. "
        "Record consent (given by, method, date) for everyone who gave it: no response can be stored for a "
        "participant without consent. Personal data (RA 10173): import only what the assessment needs."
    )
    columns = [
        c.Column("Assessment ID", parse=c.parse_integer, parse_kwargs={"minimum": 1}, required=True,
                 target="assessment", example=1),
        c.Column("Name", required=True, target="name", parse_kwargs={"max_length": 200}, example="Amina Hadjiri"),
        _choice("Sex", Participant.Sex.choices, required=True, target="sex", example="Female"),
        _choice("Age group", Participant.AgeGroup.choices, target="age_group", example="25–39"),
        _choice("Sector", Participant.Sector.choices, target="sector", example="Women"),
        c.Column("Organization", target="organization", parse_kwargs={"max_length": 200}),
        c.Column("Barangay PSGC code", target="community", example="0907201001",
                 help="10-digit PSGC code of the participant's barangay (a code Excel stored as a number works too)."),
        c.Column("Barangay", target="barangay_name", help="Or the barangay's name, with its city/municipality."),
        c.Column("City/Municipality", target="municipality", aliases=("city", "municipality")),
        c.Column("Province", target="province"),
        c.Column("Contact", target="contact", parse_kwargs={"max_length": 120}, example="0917 000 0000"),
        c.Column("Consent given by", target="consent_given_by", help="Empty: the participant."),
        _choice("Consent method", Participant.ConsentMethod.choices, target="consent_method",
                example="Signed consent form"),
        c.Column("Consent date", parse=c.parse_date, target="consent_date", example="2026-02-10"),
    ]  # fmt: skip

    @property
    def success_url(self) -> str:
        return reverse("mana:index")

    def has_permission(self, user) -> bool:
        return personal_data.can_view(user, Participant) and permission_allows(user, Participant, "add")

    def prepare(self, *, user) -> dict:
        return {"assessments": {}, "matcher": LocationMatcher(), "registered": {}}

    def _assessment(self, pk, user, context):
        if pk not in context["assessments"]:
            context["assessments"][pk] = Assessment.objects.for_user(user, "change").alive().filter(pk=pk).first()
        return context["assessments"][pk]

    def _community(self, plan, values, context, choice):
        """The participant's barangay, by code or names, through the communities import's matcher."""
        code, name = values.get("community"), values.get("barangay_name")
        if not code and not name:
            return None
        match = context["matcher"].match(
            code=code or "", barangay=name or "", municipality=values.get("municipality") or "",
            province=values.get("province") or "",
        )  # fmt: skip
        if match.status == AMBIGUOUS:
            plan.options = [(b.code, describe(b)) for b in match.candidates]
            plan.question = match.message
            chosen = next((b for b in match.candidates if b.code == choice), None)
            if choice and chosen is None:
                plan.errors.append("The barangay chosen is not one of the options; choose again.")
            if chosen is not None:
                plan.choice = choice
            return chosen
        if not match.is_matched:
            plan.errors.append(match.message)
            return None
        if match.note:
            plan.notes.append(match.note)
        return match.barangay

    @staticmethod
    def _registered(assessment, context) -> set:
        """(lower-case name, contact) of the assessment's live participants, read once per assessment."""
        if assessment.pk not in context["registered"]:
            rows = Participant.objects.alive().filter(assessment=assessment).values_list("name", "contact")
            context["registered"][assessment.pk] = {(n.lower(), c or "") for n, c in rows}
        return context["registered"][assessment.pk]

    def plan_row(self, values, *, line, user, context, choice, invalid) -> RowPlan:
        plan = RowPlan(line=line)
        assessment = self._assessment(values.get("assessment"), user, context) if values.get("assessment") else None
        if values.get("assessment") and assessment is None:
            plan.errors.append(f"Assessment {values['assessment']} does not exist or you are not on its team.")
        community = self._community(plan, values, context, choice)
        if community is not None and assessment is not None and not community_in_area(community, assessment):
            plan.errors.append(f"{community.name} is outside the area of assessment {assessment.pk}.")
        if (values.get("consent_given_by") or values.get("consent_date")) and not values.get("consent_method"):
            plan.errors.append('Give the "Consent method" when consent is recorded.')
        if values.get("consent_date") and values["consent_date"] > timezone.localdate():
            plan.errors.append("Consent cannot be dated in the future.")
        name = (values.get("name") or "").strip()
        if (
            assessment is not None
            and name
            and (name.lower(), values.get("contact") or "") in self._registered(assessment, context)
        ):
            plan.errors.append(f"{name} is already registered in this assessment (edit them on its page).")
        plan.identity = (values.get("assessment"), name.lower(), values.get("contact") or "")
        consent = "consent recorded" if values.get("consent_method") else "no consent yet"
        plan.summary = f"{name or '?'} — assessment {values.get('assessment') or '?'}, {consent}"
        plan.data = {"assessment": assessment, "community": community, "values": values}
        return plan

    def apply_row(self, plan, *, user, context) -> None:
        values = plan.data["values"]
        consent_at = None
        if values.get("consent_date"):
            consent_at = timezone.make_aware(datetime.datetime.combine(values["consent_date"], datetime.time(12)))
        try:
            register_participant(
                user=user,
                assessment=plan.data["assessment"],
                community=plan.data["community"],
                consent_given_by=values.get("consent_given_by") or "",
                consent_method=values.get("consent_method") or "",
                consent_at=consent_at,
                **{k: values.get(k) or "" for k in FIELDS},
            )
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from None


register_import(ParticipantImport())
