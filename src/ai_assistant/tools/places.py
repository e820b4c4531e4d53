"""Finding the place a question names, with the project's tolerant place search, and the tool that does it.

``resolve_place(user, text)`` answers a ``Place``: the region, province/HUC, city/municipality or barangay
that ``text`` names ("Region XII", "zamboanga del nrte", "sto nino"), whether it lies in the user's areas,
and, when nothing matches, the three nearest names. Places are public reference data (PSGC); what the
tools say *about* a place comes only from ``for_user`` querysets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.access import has_national_scope
from common.locations.search import key, search
from common.models import Barangay, Municipality, Province, Region

from .base import Source, Tool, ToolResult

LEVELS = ("region", "province", "municipality", "barangay")
LEVEL_NAMES = {
    "region": "region",
    "province": "province/HUC",
    "municipality": "city/municipality",
    "barangay": "barangay",
}
ROMAN = {
    1: "I",
    2: "II",
    3: "III",
    4: "IV",
    5: "V",
    6: "VI",
    7: "VII",
    8: "VIII",
    9: "IX",
    10: "X",
    11: "XI",
    12: "XII",
    13: "XIII",
}
REGION_RE = re.compile(r"\bregion\s+(xiii|xii|xi|ix|x|viii|vii|vi|v|iv-?a|iv-?b|iv|iii|ii|i|\d{1,2})\b", re.I)
REGION_ALIASES = {
    "caraga": "XIII",
    "soccsksargen": "XII",
    "zamboanga peninsula": "IX",
    "northern mindanao": "X",
    "davao region": "XI",
    "mimaropa": "IV-B",
    "barmm": "BARMM",
    "ncr": "NCR",
}
SCORE_CUTOFF = 88.0


@dataclass
class Place:
    level: str
    obj: object
    in_scope: bool
    score: float = 100.0

    @property
    def name(self) -> str:
        return self.obj.label

    @property
    def code(self) -> str:
        return self.obj.code

    @property
    def region(self):
        return {
            "region": lambda o: o,
            "province": lambda o: o.region,
            "municipality": lambda o: o.province.region,
            "barangay": lambda o: o.municipality.province.region,
        }[self.level](self.obj)

    @property
    def province(self):
        return {
            "region": lambda o: None,
            "province": lambda o: o,
            "municipality": lambda o: o.province,
            "barangay": lambda o: o.municipality.province,
        }[self.level](self.obj)

    def describe(self) -> str:
        parts = [self.name]
        if self.level == "barangay":
            parts += [self.obj.municipality.label, self.province.label]
        elif self.level == "municipality":
            parts.append(self.province.label)
        return ", ".join(parts)

    def as_data(self) -> dict:
        return {"level": self.level, "name": self.describe(), "code": self.code}

    def list_query(self, municipality: bool = False) -> str:
        """``?region=…&province=…`` for the list pages' place filters."""
        query = f"?region={self.region.code}"
        if self.province is not None:
            query += f"&province={self.province.code}"
        if municipality and self.level in ("municipality", "barangay"):
            query += f"&municipality={(self.obj if self.level == 'municipality' else self.obj.municipality).code}"
        return query


@dataclass
class Resolution:
    place: Place | None = None
    suggestions: list[str] = field(default_factory=list)

    def error(self, text: str) -> str:
        message = f"No place matches {text!r}."
        if self.suggestions:
            message += f" Nearest: {'; '.join(self.suggestions)}."
        return message


def _in_scope(user, level: str, obj) -> bool:
    if has_national_scope(user):
        return True
    province = {
        "region": None,
        "province": obj,
        "municipality": getattr(obj, "province", None),
        "barangay": getattr(getattr(obj, "municipality", None), "province", None),
    }[level]
    region_id = obj.pk if level == "region" else province.region_id
    if user.regions.filter(pk=region_id).exists():
        return True
    if province is not None:
        return user.provinces.filter(pk=province.pk).exists()
    return False


def _region_by_name(text: str):
    match = REGION_RE.search(text)
    short = None
    if match:
        token = match.group(1).upper().replace("IVA", "IV-A").replace("IVB", "IV-B")
        short = ROMAN.get(int(token)) if token.isdigit() else token
    else:
        folded = key(text)
        short = next((value for alias, value in REGION_ALIASES.items() if folded == alias), None)
    if not short:
        return None
    return Region.objects.filter(short_name__iexact=short).first()


def _label(level, obj) -> str:
    return Place(level, obj, True).describe()


def _visible_first(user, hits):
    """Among the best hits of equal key, prefer places in the user's areas, then the higher level."""
    if not hits:
        return None
    best_key = key(hits[0][1].name)
    tied = [hit for hit in hits if key(hit[1].name) == best_key and hit[2] >= hits[0][2] - 0.5]
    for level, obj, score in tied:
        if _in_scope(user, level, obj):
            return level, obj, score
    return tied[0]


def resolve_place(user, text: str, *, levels: tuple[str, ...] = LEVELS) -> Resolution:
    """The place ``text`` names (see the module doc); ``Resolution.place`` is None when nothing matches."""
    text = (text or "").strip()
    if not text:
        return Resolution()
    if "region" in levels:
        region = _region_by_name(text)
        if region is not None:
            return Resolution(Place("region", region, _in_scope(user, "region", region)))
    hits = search(text, limit=12, levels=set(levels), score_cutoff=SCORE_CUTOFF)
    chosen = _visible_first(user, hits)
    if chosen is None:
        nearest = search(text, limit=3, levels=set(levels), score_cutoff=50.0)
        return Resolution(suggestions=[_label(level, obj) for level, obj, _ in nearest])
    level, obj, score = chosen
    return Resolution(Place(level, obj, _in_scope(user, level, obj), score))


def place_argument(user, args: dict) -> tuple[Place | None, ToolResult | None]:
    """The tools' ``place`` argument resolved; an error result for an unknown place or one outside the
    user's areas (so nothing is said about it)."""
    text = str(args.get("place") or "").strip()
    if not text:
        return None, None
    resolution = resolve_place(user, text)
    if resolution.place is None:
        return None, ToolResult(
            data={"place": text, "suggestions": resolution.suggestions}, error=resolution.error(text)
        )
    place = resolution.place
    if not place.in_scope:
        return None, ToolResult(
            data={"place": place.as_data()},
            error=f"{place.describe()} is outside your assigned areas, so no figures for it are shown.",
        )
    return place, None


PLACE_PARAMETER = {
    "type": "string",
    "description": "A region ('Region IX'), province or HUC, city/municipality or barangay, as the user wrote it. "
    "Leave it out for all the user's areas.",
}


def run_search_places(user, args: dict) -> ToolResult:
    text = str(args.get("query") or "").strip()
    if not text:
        return ToolResult(data={}, error="Say which place to look for.")
    hits = search(text, limit=5, score_cutoff=60.0)
    places = [
        {**Place(level, obj, True).as_data(), "in_your_areas": _in_scope(user, level, obj), "match_score": score}
        for level, obj, score in hits
    ]
    return ToolResult(data={"query": text, "places": places}, sources=[])


SEARCH_PLACES = Tool(
    name="search_places",
    description="Find regions, provinces/HUCs, cities/municipalities and barangays by name (tolerates "
    "misspellings, 'Sto.'/'Sta.', accents). Returns names, levels and PSGC codes.",
    parameters={
        "type": "object",
        "properties": {"query": {"type": "string", "description": "A place name."}},
        "required": ["query"],
    },
    run=run_search_places,
)

__all__ = ["Barangay", "Municipality", "Place", "Province", "Region", "Source", "resolve_place"]
