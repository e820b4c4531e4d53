"""Match a place written in a spreadsheet to a PSGC barangay, tolerantly but never by guessing.

A row names its barangay by PSGC code, or by names (barangay, and optionally the city or
municipality, province and region). Names are compared by ``common.locations.search.key``, which
ignores case, accents, punctuation and the PSGC asterisk, expands "Sto."/"Sta." and "Pob.", and
treats "City of X", "X City" and "X City (HUC)" (also written as a province) alike; small spelling
mistakes are forgiven by a strict fuzzy ratio. The result says:

* ``matched`` — exactly one barangay fits (``note`` says when a spelling was corrected);
* ``ambiguous`` — several fit; ``candidates`` lists them for the user to choose;
* ``not_found`` — nothing fits; ``message`` says which part of the name did not match and names
  the three nearest places of that level (``suggestions``).

One ``LocationMatcher`` caches what it has read, so matching thousands of rows costs a few
queries per province/municipality, not per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from common.locations.search import key
from common.models import Barangay, Municipality, Province, Region
from common.places.labels import display_name

MATCHED, AMBIGUOUS, NOT_FOUND = "matched", "ambiguous", "not_found"
#: Minimum RapidFuzz ratio (0-100) for a misspelt name to count as a match.
FUZZY_CUTOFF = 85.0
#: Candidates within this many points of the best fuzzy score are equally plausible.
FUZZY_TIE_MARGIN = 4.0
MAX_CANDIDATES = 12
#: How many nearest places a name that matches nothing is offered.
SUGGESTIONS = 3


def describe(barangay: Barangay) -> str:
    """ "Aliguay, City of Dapitan, Zamboanga del Norte" — enough to tell namesakes apart."""
    municipality = barangay.municipality
    return f"{display_name(barangay)}, {municipality.name}, {display_name(municipality.province)}"


def _suggestion_label(obj) -> str:
    if isinstance(obj, Barangay):
        return describe(obj)
    if isinstance(obj, Municipality):
        return f"{display_name(obj)}, {display_name(obj.province)}"
    return display_name(obj)


def normalise_code(value) -> str:
    """A PSGC code as typed or as a spreadsheet stored it (number, leading zero lost, spaces)."""
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    text = re.sub(r"[\s-]", "", text)
    if text.isdigit() and 8 <= len(text) < 10:
        text = text.zfill(10)
    return text


def _roman_to_int(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        value = values[c]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


@dataclass
class LocationMatch:
    status: str
    barangay: Barangay | None = None
    candidates: list[Barangay] = field(default_factory=list)
    message: str = ""
    note: str = ""
    suggestions: list[str] = field(default_factory=list)

    @property
    def is_matched(self) -> bool:
        return self.status == MATCHED


def _best(objects, text: str, keys_of) -> tuple[list, bool]:
    """Objects whose name fits ``text``: exact key matches, else the best fuzzy ones. (objs, exact)"""
    wanted = key(text)
    if not wanted:
        return [], True
    exact = [obj for obj in objects if wanted in keys_of(obj)]
    if exact:
        return exact, True
    scored = []
    for obj in objects:
        score = max(fuzz.ratio(wanted, k) for k in keys_of(obj))
        if score >= FUZZY_CUTOFF:
            scored.append((score, obj))
    if not scored:
        return [], False
    top = max(score for score, _ in scored)
    return [obj for score, obj in scored if score >= top - FUZZY_TIE_MARGIN], False


def _nearest(objects, text: str, keys_of, limit: int = SUGGESTIONS) -> list[str]:
    """The ``limit`` places whose names are closest to ``text`` (however far), for a suggestion."""
    wanted = key(text)
    objects = list(objects)
    if not wanted or not objects:
        return []
    choices = {i: keys_of(obj)[0] if keys_of(obj) else "" for i, obj in enumerate(objects)}
    hits = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=limit * 4)
    labels: list[str] = []
    for _choice, _score, index in hits:
        label = _suggestion_label(objects[index])
        if label not in labels:
            labels.append(label)
    return labels[:limit]


def _not_found(message: str, suggestions: list[str]) -> LocationMatch:
    if suggestions:
        message = f"{message} Nearest: {'; '.join(suggestions)}."
    return LocationMatch(NOT_FOUND, message=message, suggestions=suggestions)


class LocationMatcher:
    def __init__(self):
        self._regions: list[Region] | None = None
        self._provinces: list[Province] | None = None
        self._municipalities: list[Municipality] | None = None
        self._barangays_by_municipality: dict[int, list[Barangay]] = {}
        self._by_code: dict[str, Barangay | None] = {}
        self._keys: dict[tuple[str, int], tuple[str, ...]] = {}

    # --- cached reads ---------------------------------------------------------------------
    def _all_regions(self):
        if self._regions is None:
            self._regions = list(Region.objects.all())
        return self._regions

    def _all_provinces(self):
        if self._provinces is None:
            self._provinces = list(Province.objects.select_related("region"))
        return self._provinces

    def _all_municipalities(self):
        if self._municipalities is None:
            self._municipalities = list(Municipality.objects.select_related("province__region"))
        return self._municipalities

    def _barangays_of(self, municipalities: list[Municipality]) -> list[Barangay]:
        missing = [m.pk for m in municipalities if m.pk not in self._barangays_by_municipality]
        if missing:
            for pk in missing:
                self._barangays_by_municipality[pk] = []
            by_pk = {m.pk: m for m in self._all_municipalities()}
            for start in range(0, len(missing), 900):
                for b in Barangay.objects.filter(municipality_id__in=missing[start : start + 900]):
                    b.municipality = by_pk[b.municipality_id]
                    self._barangays_by_municipality[b.municipality_id].append(b)
        result = []
        for m in municipalities:
            result.extend(self._barangays_by_municipality[m.pk])
        return result

    def _keys_of(self, obj) -> tuple[str, ...]:
        cache_key = (type(obj).__name__, obj.pk)
        keys = self._keys.get(cache_key)
        if keys is None:
            names = [obj.name]
            if isinstance(obj, Region):
                names += [obj.short_name, f"Region {obj.short_name}"]
                number = _roman_to_int(obj.short_name)
                if number:
                    names += [str(number), f"Region {number}"]
                names += re.findall(r"\(([^)]*)\)", obj.name)
            keys = tuple({key(n) for n in names if n})
            self._keys[cache_key] = keys
        return keys

    # --- matching -------------------------------------------------------------------------
    def _barangay_by_code(self, code: str) -> Barangay | None:
        """Cached: the first code of a municipality reads all its barangays (rows come in runs)."""
        if code not in self._by_code:
            municipality_id = Barangay.objects.filter(code=code).values_list("municipality_id", flat=True).first()
            if municipality_id is None:
                self._by_code[code] = None
            else:
                by_pk = {m.pk: m for m in self._all_municipalities()}
                for b in self._barangays_of([by_pk[municipality_id]]):
                    self._by_code[b.code] = b
        return self._by_code.get(code)

    def prefetch_codes(self, codes) -> None:
        """Read the barangays of every code of a file at once (two queries), so matching a file whose
        rows name 250 cities costs no query per city."""
        wanted = {normalise_code(c) for c in codes if c not in (None, "")} - set(self._by_code)
        if not wanted:
            return
        municipality_ids = set()
        for start in range(0, len(wanted), 900):  # SQLite: at most 999 parameters a statement
            chunk = sorted(wanted)[start : start + 900]
            municipality_ids |= set(Barangay.objects.filter(code__in=chunk).values_list("municipality_id", flat=True))
        by_pk = {m.pk: m for m in self._all_municipalities()}
        for b in self._barangays_of([by_pk[pk] for pk in municipality_ids if pk in by_pk]):
            self._by_code[b.code] = b
        for code in wanted - set(self._by_code):
            self._by_code[code] = None

    def by_code(self, code) -> LocationMatch:
        normalised = normalise_code(code)
        barangay = self._barangay_by_code(normalised)
        if barangay is None:
            level = (
                Municipality.objects.filter(code=normalised).first() or Province.objects.filter(code=normalised).first()
            )
            if level is not None:
                return LocationMatch(
                    NOT_FOUND,
                    message=f"PSGC code {normalised} is {level.name}, not a barangay; give the barangay's code.",
                )
            return LocationMatch(NOT_FOUND, message=f"No barangay has PSGC code {code}.")
        return LocationMatch(MATCHED, barangay=barangay)

    def by_names(self, *, barangay: str, municipality: str = "", province: str = "", region: str = "") -> LocationMatch:
        notes = []
        if not key(barangay):
            return LocationMatch(NOT_FOUND, message="The barangay name (or its PSGC code) is missing.")

        provinces = self._all_provinces()
        if region:
            regions, exact = _best(self._all_regions(), region, self._keys_of)
            if not regions:
                nearest = _nearest(self._all_regions(), region, self._keys_of)
                return _not_found(f'No region matches "{region}".', nearest)
            region_ids = {r.pk for r in regions}
            provinces = [p for p in provinces if p.region_id in region_ids]
        if province:
            in_region = provinces
            provinces, exact = _best(provinces, province, self._keys_of)
            if not provinces:
                where = f" in {region}" if region else ""
                nearest = _nearest(in_region, province, self._keys_of)
                return _not_found(f'No province matches "{province}"{where}.', nearest)
            if not exact and len(provinces) == 1:
                notes.append(f'province "{province}" read as {provinces[0].name}')

        province_ids = {p.pk for p in provinces}
        municipalities = [m for m in self._all_municipalities() if m.province_id in province_ids]
        if municipality:
            found, exact = _best(municipalities, municipality, self._keys_of)
            if not found and province:
                # e.g. "Zamboanga City" written under Zamboanga del Sur: offer it, never assume it.
                found, exact = _best(self._all_municipalities(), municipality, self._keys_of)
                if found:
                    candidates = self._barangay_candidates(found, barangay)[0]
                    if candidates:
                        return LocationMatch(
                            AMBIGUOUS,
                            candidates=candidates[:MAX_CANDIDATES],
                            message=f'"{municipality}" is not in {province}; choose the barangay you mean.',
                        )
            if not found:
                where = f" in {province}" if province else ""
                nearest = _nearest(municipalities, municipality, self._keys_of)
                return _not_found(f'No city or municipality matches "{municipality}"{where}.', nearest)
            if not exact and len(found) == 1:
                notes.append(f'"{municipality}" read as {found[0].name}')
            municipalities = found
        # Barangays under a city's sub-municipalities (Manila's districts) belong to the city too.
        chosen = {m.pk for m in municipalities}
        municipalities = [m for m in self._all_municipalities() if m.pk in chosen or m.parent_city_id in chosen]

        candidates, exact = self._barangay_candidates(municipalities, barangay)
        if not candidates:
            where = f" in {municipality}" if municipality else (f" in {province}" if province else "")
            nearest = _nearest(self._barangays_of(municipalities), barangay, self._keys_of)
            return _not_found(f'No barangay matches "{barangay}"{where}.', nearest)
        if len(candidates) > 1:
            shown = candidates[:MAX_CANDIDATES]
            more = (
                f" ({len(candidates)} places; the first {len(shown)} are listed)"
                if len(candidates) > len(shown)
                else ""
            )
            hint = "" if municipality else " Adding the city or municipality avoids this."
            return LocationMatch(
                AMBIGUOUS,
                candidates=shown,
                message=f'"{barangay}" matches more than one barangay{more}; choose one.{hint}',
            )
        if not exact:
            notes.append(f'"{barangay}" read as {display_name(candidates[0])}')
        return LocationMatch(MATCHED, barangay=candidates[0], note="; ".join(notes))

    def _barangay_candidates(self, municipalities, name) -> tuple[list[Barangay], bool]:
        found, exact = _best(self._barangays_of(municipalities), name, self._keys_of)
        found.sort(key=lambda b: (b.municipality.province.name, b.municipality.name, b.name))
        return found, exact

    def match(self, *, code="", barangay="", municipality="", province="", region="") -> LocationMatch:
        """Code first when given; otherwise names. Names given with a code must agree with it."""
        if str(code or "").strip():
            result = self.by_code(code)
            if result.is_matched and str(barangay or "").strip():
                wanted = key(barangay)
                if (
                    wanted not in self._keys_of(result.barangay)
                    and fuzz.ratio(wanted, key(result.barangay.name)) < FUZZY_CUTOFF
                ):
                    return LocationMatch(
                        NOT_FOUND,
                        message=f"PSGC code {result.barangay.code} is barangay {describe(result.barangay)}, "
                        f'but the row names "{barangay}". Correct one of them.',
                    )
            return result
        return self.by_names(barangay=barangay, municipality=municipality, province=province, region=region)
