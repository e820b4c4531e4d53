"""Querysets for MANA: every read goes through ``for_user`` (common.access), then facilitators are
narrowed to the assessments they are assigned to (lead or facilitator)."""

from __future__ import annotations

from django.db.models import Q

from common.access import MANA_FACILITATOR, PROGRAM_OFFICER, AreaScopedQuerySet, has_national_scope, has_role


def facilitator_is_narrowed(user, action: str) -> bool:
    """MANA Facilitators work only on assessments they are assigned to.

    A facilitator who also holds the Program Officer role still *views* every assessment of their
    area (officers read all MANA data there) but changes only their own.
    """
    if not has_role(user, MANA_FACILITATOR) or has_national_scope(user) or user.is_superuser:
        return False
    return not (action == "view" and has_role(user, PROGRAM_OFFICER))


def team_q(user, assessment_path: str = "") -> Q:
    prefix = f"{assessment_path}__" if assessment_path else ""
    return Q(**{f"{prefix}lead": user}) | Q(**{f"{prefix}facilitators": user})


class ManaQuerySet(AreaScopedQuerySet):
    """Area scoping through the assessment (or the row's own region/province), plus the team rule."""

    #: Path from the model to ``Assessment`` ("" for Assessment itself, None when not tied to one).
    assessment_path: str | None = ""

    def for_user(self, user, action: str = "view"):
        qs = super().for_user(user, action)
        if self.assessment_path is None or not facilitator_is_narrowed(user, action):
            return qs
        assigned = self.model._meta.apps.get_model("mana", "Assessment").objects.filter(team_q(user)).values("pk")
        lookup = f"{self.assessment_path}__in" if self.assessment_path else "pk__in"
        return qs.filter(**{lookup: assigned})

    def alive(self):
        """Rows not soft-deleted (models without soft delete: all rows)."""
        if any(f.name == "deleted_at" for f in self.model._meta.concrete_fields):
            return self.filter(deleted_at__isnull=True)
        return self


class AssessmentQuerySet(ManaQuerySet):
    province_lookup = "province"
    region_lookup = "region"
    assessment_path = ""


class AssessmentChildQuerySet(ManaQuerySet):
    province_lookup = "assessment__province"
    region_lookup = "assessment__region"
    assessment_path = "assessment"


class InstrumentVersionQuerySet(ManaQuerySet):
    province_lookup = "instrument__assessment__province"
    region_lookup = "instrument__assessment__region"
    assessment_path = "instrument__assessment"

    def alive(self):
        return self.filter(instrument__deleted_at__isnull=True)


class NeedQuerySet(ManaQuerySet):
    """Needs carry their own region/province (a need may be recorded for a community without an
    assessment); a facilitator sees needs of their assessments and the ones they recorded."""

    province_lookup = "province"
    region_lookup = "region"
    assessment_path = None

    def for_user(self, user, action: str = "view"):
        qs = super().for_user(user, action)
        if not facilitator_is_narrowed(user, action):
            return qs
        assigned = self.model._meta.apps.get_model("mana", "Assessment").objects.filter(team_q(user)).values("pk")
        return qs.filter(Q(assessment__in=assigned) | Q(assessment__isnull=True, created_by=user))
