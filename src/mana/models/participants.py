"""Participants: personal data under the Data Privacy Act (RA 10173).

Registered with ``common.personal_data`` (see ``mana.apps``): visible only under its rule, and every
export is logged in ``common.PersonalDataExport``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from common.folding import fold_name
from common.models.base import SoftDeleteModel, TimeStampedModel, VersionedModel
from common.models.search import FoldedSearchModel
from mana.community import COMMUNITY_MODEL, PROFILE_MODEL
from mana.models.assessments import Assessment
from mana.models.querysets import AssessmentChildQuerySet


class Participant(TimeStampedModel, SoftDeleteModel, FoldedSearchModel, VersionedModel):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNDISCLOSED = "undisclosed", "Prefer not to say"

    class AgeGroup(models.TextChoices):
        YOUTH = "15-24", "15–24"
        ADULT = "25-39", "25–39"
        MIDDLE = "40-59", "40–59"
        SENIOR = "60+", "60 and over"

    class Sector(models.TextChoices):
        WOMEN = "women", "Women"
        YOUTH = "youth", "Youth"
        ELDERS = "elders", "Elders / traditional leaders"
        RELIGIOUS = "religious", "Religious leaders"
        FARMERS = "farmers", "Farmers"
        FISHERFOLK = "fisherfolk", "Fisherfolk"
        LGU = "lgu", "LGU / barangay officials"
        PWD = "pwd", "Persons with disability"
        IP = "ip", "Indigenous peoples"
        OTHER = "other", "Other"

    class ConsentMethod(models.TextChoices):
        WRITTEN = "written", "Signed consent form"
        VERBAL = "verbal", "Verbal, witnessed"
        DIGITAL = "digital", "Digital (checkbox / e-signature)"
        GUARDIAN = "guardian", "Parent or guardian (minor)"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=200)
    sex = models.CharField(max_length=12, choices=Sex.choices)
    age_group = models.CharField(max_length=6, choices=AgeGroup.choices, blank=True)
    sector = models.CharField(max_length=12, choices=Sector.choices, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    community = models.ForeignKey(
        COMMUNITY_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="mana_participants"
    )
    community_profile = models.ForeignKey(
        PROFILE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mana_participants",
        editable=False,
        help_text="The community's barangay OBC profile (kept by mana.community).",
    )
    contact = models.CharField(max_length=120, blank=True, help_text="Phone or e-mail.")
    # Consent: who gave it, when, how, and who recorded it. No response is stored without it.
    consent_given_by = models.CharField(
        max_length=200, blank=True, help_text="Who gave consent (the participant, or their parent/guardian)."
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_method = models.CharField(max_length=10, choices=ConsentMethod.choices, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["assessment", "name"])]

    def search_source(self) -> tuple:
        return participant_search_source(self)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mana:participant-edit", args=[self.pk])

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_at and self.consent_method and self.consent_given_by)

    @property
    def code(self) -> str:
        """Pseudonymous label used wherever personal data may not be shown."""
        return f"P-{self.pk:06d}"


def participant_search_source(participant) -> tuple:
    """A participant's name ("Ma." stored as "Maria") and organization."""
    return (fold_name(participant.name), participant.organization)
