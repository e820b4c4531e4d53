"""Accent- and typo-tolerant search over the administrative hierarchy in the database.

Names are folded (accents removed, "Sto."/"Sta." expanded, "City of X" reduced to "X") and
matched with RapidFuzz against an in-process index of every level. The index is rebuilt when
``populate_administrative_hierarchy`` changes the data (the geography version in the cache),
checked at most every few seconds.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from common.folding import fold
from common.models import Barangay, Municipality, Province, Region

LEVEL_ORDER = {"region": 0, "province": 1, "municipality": 2, "barangay": 3}
NOISE = re.compile(
    r"\b(city of|municipality of|province of|independent city|highly urbanized city|not a province|huc)\b|\bcity\b"
)
VERSION_CHECK_SECONDS = 5.0


def key(text: str) -> str:
    """The matching key: ``fold`` without words that do not tell places apart."""
    folded = fold(text)
    stripped = re.sub(r"\s+", " ", NOISE.sub(" ", folded)).strip()
    return stripped or folded


@dataclass(frozen=True)
class Entry:
    level: str
    pk: int


class _Index:
    def __init__(self):
        self.keys: list[str] = []
        self.entries: list[Entry] = []
        self.version: str | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()

    def ensure(self) -> None:
        from common.selectors import geography_version

        now = time.monotonic()
        if self.version is not None and now - self.checked_at < VERSION_CHECK_SECONDS:
            return
        version = geography_version()
        self.checked_at = now
        if version == self.version:
            return
        with self.lock:
            keys, entries = [], []
            for level, model in (("region", Region), ("province", Province), ("municipality", Municipality),
                                 ("barangay", Barangay)):  # fmt: skip
                for pk, name in model.objects.values_list("pk", "name").iterator(chunk_size=5000):
                    keys.append(key(name))
                    entries.append(Entry(level, pk))
            self.keys, self.entries, self.version = keys, entries, version


_index = _Index()


def reset_index() -> None:
    """Forget the in-process index (tests load different data into the same process)."""
    _index.version = None


def search(
    query: str,
    *,
    limit: int = 10,
    levels: set[str] | None = None,
    score_cutoff: float = 75.0,
    allowed: dict[str, set[int]] | None = None,
):
    """Return ``[(level, object, score)]`` best first, with each object's parents selected.

    ``levels`` and ``allowed`` (pks per level, e.g. the user's areas for ``?scope=mine``) narrow the
    candidates *before* they are ranked and cut to ``limit``, so a narrow scope never starves the
    result (filtering after the cut once gave 0 rows for ``limit=5`` and 4 for ``limit=50``).
    """
    q = key(query)
    if not q:
        return []
    _index.ensure()
    keys, entries = _index.keys, _index.entries
    choices = keys
    if levels or allowed is not None:
        choices = {
            i: keys[i]
            for i, entry in enumerate(entries)
            if (not levels or entry.level in levels) and (allowed is None or entry.pk in allowed.get(entry.level, ()))
        }
    candidates = process.extract(q, choices, scorer=fuzz.WRatio, limit=limit * 5 + 50, score_cutoff=score_cutoff)
    ranked = []
    for _match, score, idx in candidates:
        entry = entries[idx]
        exact = keys[idx] == q
        ranked.append((not exact, -round(score), LEVEL_ORDER[entry.level], entry, score))
    ranked.sort(key=lambda item: item[:3])
    ranked = ranked[:limit]
    return _materialise([(item[3], item[4]) for item in ranked])


def _materialise(hits):
    by_level: dict[str, list[int]] = {}
    for entry, _score in hits:
        by_level.setdefault(entry.level, []).append(entry.pk)
    objects = {
        "region": Region.objects.in_bulk(by_level.get("region", [])),
        "province": Province.objects.select_related("region").in_bulk(by_level.get("province", [])),
        "municipality": Municipality.objects.select_related("province__region").in_bulk(
            by_level.get("municipality", [])
        ),
        "barangay": Barangay.objects.select_related("municipality__province__region").in_bulk(
            by_level.get("barangay", [])
        ),
    }
    results = []
    for entry, score in hits:
        obj = objects[entry.level].get(entry.pk)
        if obj is not None:
            results.append((entry.level, obj, round(score, 1)))
    return results


def path_of(obj) -> list:
    """Region → … → obj, for display and for filling the cascade."""
    if isinstance(obj, Region):
        return [obj]
    if isinstance(obj, Province):
        return [obj.region, obj]
    if isinstance(obj, Municipality):
        return [obj.province.region, obj.province, obj]
    return [obj.municipality.province.region, obj.municipality.province, obj.municipality, obj]
