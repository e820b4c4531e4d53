from mana.models.assessments import METHOD_CHOICES, METHOD_LABELS, Assessment, AssessmentTransition
from mana.models.instruments import Choice, Instrument, InstrumentVersion, Question, Section, Session
from mana.models.needs import Need, NeedCategory, NeedTransition, NeedVote, PriorityWeights
from mana.models.participants import Participant
from mana.models.responses import Answer, AnswerChoice, Response

__all__ = [
    "METHOD_CHOICES",
    "METHOD_LABELS",
    "Answer",
    "AnswerChoice",
    "Assessment",
    "AssessmentTransition",
    "Choice",
    "Instrument",
    "InstrumentVersion",
    "Need",
    "NeedCategory",
    "NeedTransition",
    "NeedVote",
    "Participant",
    "PriorityWeights",
    "Question",
    "Response",
    "Section",
    "Session",
]
