"""Responses and typed answers.

Each answer keeps its value in a typed column (``value_text``/``value_number``/``value_date``/
``value_bool``) and choice answers in ``AnswerChoice`` rows, so counts, shares and averages are
computed by the database (see ``mana.selectors.analysis``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from common.models.base import SoftDeleteModel, TimeStampedModel, VersionedModel
from mana.models.assessments import Assessment
from mana.models.instruments import Choice, InstrumentVersion, Question, Session
from mana.models.participants import Participant
from mana.models.querysets import AssessmentChildQuerySet, ManaQuerySet


class Response(TimeStampedModel, SoftDeleteModel, VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="responses")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    group_label = models.CharField(
        max_length=200, blank=True, help_text="For a focus group or group interview: e.g. 'Women, Aliguay'."
    )
    group_members = models.ManyToManyField(Participant, blank=True, related_name="group_responses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=models.Q(participant__isnull=False, deleted_at__isnull=True),
                name="mana_one_response_per_participant_per_session",
            )
        ]
        indexes = [models.Index(fields=["assessment", "status"])]

    def __str__(self) -> str:
        return f"Response {self.pk} ({self.session})"

    def get_absolute_url(self) -> str:
        return reverse("mana:response-edit", args=[self.pk])

    @property
    def is_group(self) -> bool:
        return self.participant_id is None

    def respondent_label(self, *, personal_data: bool) -> str:
        if self.participant_id:
            return self.participant.name if personal_data else self.participant.code
        return self.group_label or f"Group response {self.pk}"


class AnswerQuerySet(ManaQuerySet):
    province_lookup = "response__assessment__province"
    region_lookup = "response__assessment__region"
    assessment_path = "response__assessment"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value_text = models.TextField(blank=True)
    value_number = models.FloatField(null=True, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)
    choices = models.ManyToManyField(Choice, through="AnswerChoice", related_name="answers")

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="mana_one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value_text or self.value_number or self.value_date or self.value_bool}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choice_links")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="answer_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "choice"], name="mana_answer_choice_unique")]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.choice_id}"
