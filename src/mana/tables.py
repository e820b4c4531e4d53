import django_tables2 as tables

from mana.models import Assessment, Need, Participant


class AssessmentTable(tables.Table):
    #: The columns a page of the list loads (``.only``): no timestamps, texts or password hashes for 25 rows.
    LOADED = (
        "pk", "title", "level", "status", "start_date", "region__name", "province__name", "municipality__name",
        "lead__username", "lead__first_name", "lead__last_name",
    )  # fmt: skip

    title = tables.Column(linkify=True)
    area = tables.Column(accessor="area_label", verbose_name="Area", orderable=False)
    participant_count = tables.Column(verbose_name="Participants")
    need_count = tables.Column(verbose_name="Needs")

    class Meta:
        model = Assessment
        fields = ("title", "level", "area", "status", "start_date", "lead", "participant_count", "need_count")
        template_name = "mana/tables/assessments.html"  # rows written out (fast); keep it in step with the columns
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No assessments match."


class NeedTable(tables.Table):
    LOADED = (
        "pk", "title", "category", "severity", "urgency", "feasibility", "priority_score", "vote_count", "status",
        "assessment__title",
    )  # fmt: skip

    title = tables.Column(linkify=True)
    priority_score = tables.Column(verbose_name="Score")
    vote_count = tables.Column(verbose_name="Votes")
    assessment = tables.Column(linkify=True)

    class Meta:
        model = Need
        fields = (
            "title",
            "category",
            "assessment",
            "severity",
            "urgency",
            "feasibility",
            "priority_score",
            "vote_count",
            "status",
        )
        template_name = "mana/tables/needs.html"  # rows written out (fast); keep it in step with the columns
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No needs match."


class ParticipantTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    consent = tables.BooleanColumn(accessor="has_consent", verbose_name="Consent", orderable=False)

    class Meta:
        model = Participant
        fields = ("name", "sex", "age_group", "sector", "organization", "community", "consent")
        template_name = "mana/tables/participants.html"  # rows written out (fast); keep it in step with the columns
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No participants registered yet."
