"""The records a draft can be written for: kind → model, builder and how it is accepted."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from ai_assistant.models.drafts import DraftKind


@dataclass(frozen=True)
class Target:
    kind: str
    model_label: str
    #: A short noun for messages ("recommendation").
    noun: str
    #: Built by a background job (long drafts) rather than in the request.
    background: bool = False

    @property
    def model(self):
        return apps.get_model(self.model_label)


TARGETS: dict[str, Target] = {
    DraftKind.BRIEF_NARRATIVE: Target(DraftKind.BRIEF_NARRATIVE, "policies.Recommendation", "recommendation"),
    DraftKind.FINDINGS_SUMMARY: Target(DraftKind.FINDINGS_SUMMARY, "mana.Assessment", "assessment", background=True),
    DraftKind.ACTION_ITEMS: Target(DraftKind.ACTION_ITEMS, "coordination.Engagement", "engagement"),
}


def target_for(kind: str) -> Target:
    try:
        return TARGETS[kind]
    except KeyError:
        raise LookupError(kind) from None
