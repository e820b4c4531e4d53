import django_tables2 as tables

from mana.models import Assessment, Need, Participant


class AssessmentTable(tables.Table):
    title = tables.Column(linkify=True)
    area = tables.Column(accessor="area_label", verbose_name="Area", orderable=False)
    participant_count = tables.Column(verbose_name="Participants")
    need_count = tables.Column(verbose_name="Needs")

    class Meta:
        model = Assessment
        fields = ("title", "level", "area", "status", "start_date", "lead", "participant_count", "need_count")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No assessments match."


class NeedTable(tables.Table):
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
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No needs match."


class ParticipantTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    consent = tables.BooleanColumn(accessor="has_consent", verbose_name="Consent", orderable=False)

    class Meta:
        model = Participant
        fields = ("name", "sex", "age_group", "sector", "organization", "community", "consent")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No participants registered yet."
