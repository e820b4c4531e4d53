"""Load the administrative hierarchy into the database: create what is missing, and with
``force`` bring existing rows back to the source's figures. One transaction; bulk writes.

Used by ``manage.py populate_administrative_hierarchy``, ``make run`` and the benchmark.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from common.folding import fold_all
from common.models import Barangay, Municipality, Province, Region
from common.services.psgc_source import FIELDS, LEVELS, PARENTS, ROMAN, SourceData

MODELS = {"region": Region, "province": Province, "municipality": Municipality, "barangay": Barangay}
GEO_VERSION_KEY = "geo:version"
BATCH_SIZE = 2000


class RegionSelectionError(ValueError):
    pass


@dataclass
class Change:
    level: str
    code: str
    name: str
    field: str
    old: object
    new: object

    def __str__(self) -> str:
        return f"{self.level} {self.code} {self.name}: {self.field} {self.old!r} → {self.new!r}"


@dataclass
class LevelResult:
    level: str
    in_source: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    differing: int = 0  # rows that differ from the source but were left alone (no --force)


@dataclass
class LoadResult:
    levels: dict[str, LevelResult] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False
    force: bool = False

    @property
    def created(self) -> int:
        return sum(r.created for r in self.levels.values())

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.levels.values())

    @property
    def differing(self) -> int:
        return sum(r.differing for r in self.levels.values())


# --- Region selection -------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def resolve_regions(tokens: Iterable[str], regions: list[dict]) -> set[str]:
    """Turn user input (roman numerals, numbers, names or PSGC codes) into region codes.

    ``regions`` are source rows (``code``, ``name``, ``short_name``). Unknown or ambiguous input
    raises RegionSelectionError naming the valid choices.
    """
    chosen: set[str] = set()
    problems: list[str] = []
    for raw in tokens:
        token = _fold(raw)
        token = re.sub(r"^region ", "", token)
        if token.isdigit() and len(token) <= 2 and int(token) in ROMAN:
            token = ROMAN[int(token)].lower()
        matches = [r for r in regions if token in (r["code"], r["code"][:2], _fold(r["short_name"]))]
        if not matches and token and not token.isdigit():
            matches = [r for r in regions if token in _fold(r["name"])]
        if len(matches) == 1:
            chosen.add(matches[0]["code"])
        elif not matches:
            problems.append(f"unknown region {raw!r}")
        else:
            names = ", ".join(r["name"] for r in matches)
            problems.append(f"{raw!r} matches more than one region ({names}); be more specific")
    if problems:
        valid = ", ".join(f"{r['short_name']} ({r['code']})" for r in regions)
        raise RegionSelectionError("; ".join(problems) + f". Valid regions: {valid}.")
    return chosen


def bump_geography_version() -> None:
    """Tell caches built from the hierarchy (location search index, start-page figures) to rebuild."""
    cache.set(GEO_VERSION_KEY, uuid.uuid4().hex, None)


# --- Loading ----------------------------------------------------------------------------------


def _existing_rows(level: str) -> dict[str, dict]:
    model = MODELS[level]
    lookups = ["pk", "code"]
    names = ["pk", "code"]
    for name in FIELDS[level]:
        parent = _parent(level, name)
        lookups.append(f"{parent[1]}__code" if parent else name)
        names.append(name)
    return {row[1]: dict(zip(names, row, strict=True)) for row in model.objects.values_list(*lookups)}


def _model_kwargs(level: str, row: dict, ids: dict[str, dict[str, int]]) -> dict:
    kwargs = {"code": row["code"]}
    for name in FIELDS[level]:
        parent = _parent(level, name)
        if parent is None:
            kwargs[name] = row[name]
        else:
            code = row[name]
            kwargs[f"{parent[1]}_id"] = ids[parent[2]][code] if code else None
    kwargs["search_folded"] = fold_all(row["name"])
    return kwargs


def load_hierarchy(
    source: SourceData,
    *,
    region_codes: set[str] | None = None,
    force: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Load ``source`` (optionally limited to ``region_codes``) and report what it did.

    Without ``force`` existing rows are left as they are (and counted as ``differing`` when the
    source has other figures); with ``force`` they are updated and every change is reported.
    ``dry_run`` computes the same report and writes nothing.
    """
    data = source.filtered(region_codes)
    result = LoadResult(dry_run=dry_run, force=force)
    with transaction.atomic():
        ids: dict[str, dict[str, int]] = {}
        for level in LEVELS:
            result.levels[level] = _load_level(level, data.rows.get(level, []), ids, result, progress)
        if dry_run:
            transaction.set_rollback(True)
        elif result.created or result.updated:
            transaction.on_commit(bump_geography_version)
    return result


def _load_level(level, rows, ids, result: LoadResult, progress) -> LevelResult:
    model = MODELS[level]
    existing = _existing_rows(level)
    outcome = LevelResult(level=level, in_source=len(rows))
    to_create, to_update = [], []
    fields = FIELDS[level]
    for row in rows:
        current = existing.get(row["code"])
        if current is None:
            to_create.append(row)
            continue
        diffs = [name for name in fields if current[name] != row[name]]
        if not diffs:
            outcome.unchanged += 1
        elif not result.force:
            outcome.differing += 1
        else:
            to_update.append((current["pk"], row))
            result.changes.extend(
                Change(level, row["code"], row["name"], name, current[name], row[name]) for name in diffs
            )
    outcome.created = len(to_create)
    outcome.updated = len(to_update)
    ids[level] = {code: row["pk"] for code, row in existing.items()}
    if result.dry_run:
        # Parents that would be created get placeholder ids so children resolve.
        ids[level].update({row["code"]: -1 for row in to_create})
        return outcome
    # Sub-municipalities point at their city, which must exist first.
    first = [r for r in to_create if not r.get("parent_city_code")]
    second = [r for r in to_create if r.get("parent_city_code")]
    for batch_rows in (first, second):
        for start in range(0, len(batch_rows), BATCH_SIZE):
            chunk = batch_rows[start : start + BATCH_SIZE]
            model.objects.bulk_create([model(**_model_kwargs(level, r, ids)) for r in chunk])
            if progress:
                progress(len(chunk))
        if batch_rows:
            ids[level] = dict(model.objects.values_list("code", "pk"))
    if to_update:
        update_fields = [f"{p[1]}_id" if (p := _parent(level, n)) else n for n in fields] + ["search_folded"]
        objs = [model(pk=pk, **_model_kwargs(level, row, ids)) for pk, row in to_update]
        model.objects.bulk_update(objs, update_fields, batch_size=500)
        if progress:
            progress(len(objs))
    return outcome


def _parent(level: str, name: str):
    return next((p for p in PARENTS[level] if p[0] == name), None)
