"""Read the administrative hierarchy from the offline ``psgc`` package into plain, validated rows.

The rows use parent *codes*, not database ids, so the loader can compare what the package says
with what the database holds without touching either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X",
         11: "XI", 12: "XII", 13: "XIII"}  # fmt: skip

PROVINCE_KINDS = {"HUCGroup": "huc", "SpecialGroup": "special", "PseudoProvince": "pseudo"}
MUNICIPALITY_KINDS = {"City": "city", "Mun": "municipality", "SubMun": "submunicipality"}
CITY_CLASSES = {"Component City": "CC", "Independent Component City": "ICC", "Highly Urbanized City": "HUC"}
URBAN_RURAL = {"U": "U", "R": "R"}

LEVELS = ("region", "province", "municipality", "barangay")

#: Fields compared and written per level; parent references are codes.
FIELDS = {
    "region": ("name", "short_name", "population", "latitude", "longitude"),
    "province": ("name", "region_code", "kind", "income_class", "population", "latitude", "longitude"),
    "municipality": (
        "name", "province_code", "parent_city_code", "kind", "city_class", "income_class",
        "population", "latitude", "longitude",
    ),
    "barangay": ("name", "municipality_code", "urban_rural", "population", "latitude", "longitude"),
}  # fmt: skip

#: Parent reference per level: (row field, model FK attribute, parent level).
PARENTS = {
    "region": [],
    "province": [("region_code", "region", "region")],
    "municipality": [("province_code", "province", "province"), ("parent_city_code", "parent_city", "municipality")],
    "barangay": [("municipality_code", "municipality", "municipality")],
}


class HierarchyDataError(ValueError):
    """The package data (or a substitute source) is malformed; nothing may be written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"The PSGC data has {len(problems)} problem(s); nothing was written:\n  {shown}{more}")


@dataclass
class SourceData:
    """Rows per level, each a dict with ``code``, the FIELDS of its level and ``region_code``."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    version: str = ""

    def filtered(self, region_codes: set[str] | None) -> SourceData:
        if not region_codes:
            return self
        return SourceData(
            rows={level: [r for r in rows if r["region_code"] in region_codes] for level, rows in self.rows.items()},
            version=self.version,
        )


def region_short_name(name: str) -> str:
    m = re.match(r"^Region ([IVX]+(?:-[AB])?)\b", name)
    if m:
        return m.group(1)
    m = re.search(r"\(([A-Z]{2,})\)", name)
    if m:
        return m.group(1)
    return name.split()[0].upper()


def _coord(place) -> tuple[float | None, float | None]:
    c = place.coordinate
    return (c.latitude, c.longitude) if c is not None else (None, None)


def _clean_class(value: str | None) -> str:
    return "" if value in (None, "-") else value


def read_psgc_package() -> SourceData:
    """Convert the ``psgc`` package's records into validated rows."""
    import psgc
    from psgc._loader import get_store

    store = get_store()
    rows: dict[str, list[dict]] = {level: [] for level in LEVELS}
    for r in store.regions:
        lat, lng = _coord(r)
        rows["region"].append(
            {"code": r.psgc_code, "name": r.name, "short_name": region_short_name(r.name), "population": r.population,
             "latitude": lat, "longitude": lng, "region_code": r.psgc_code}
        )  # fmt: skip
    for p in store.provinces:
        lat, lng = _coord(p)
        rows["province"].append(
            {"code": p.psgc_code, "name": p.name, "region_code": p.region_code,
             "kind": PROVINCE_KINDS.get(p.geographic_level or "", "province"),
             "income_class": _clean_class(p.income_classification), "population": p.population,
             "latitude": lat, "longitude": lng}
        )  # fmt: skip
    city_codes = {c.psgc_code[:5]: c.psgc_code for c in store.cities if c.geographic_level == "City"}
    for c in store.cities:
        lat, lng = _coord(c)
        kind = MUNICIPALITY_KINDS.get(c.geographic_level or "")
        parent = city_codes.get(c.psgc_code[:5]) if kind == "submunicipality" else None
        rows["municipality"].append(
            {"code": c.psgc_code, "name": c.name, "province_code": c.province_code, "region_code": c.region_code,
             "parent_city_code": parent, "kind": kind, "city_class": CITY_CLASSES.get(c.city_class or "", ""),
             "income_class": _clean_class(c.income_classification), "population": c.population,
             "latitude": lat, "longitude": lng}
        )  # fmt: skip
    for b in store.barangays:
        lat, lng = _coord(b)
        rows["barangay"].append(
            {"code": b.psgc_code, "name": b.name, "municipality_code": b.city_code, "region_code": b.region_code,
             "urban_rural": URBAN_RURAL.get(b.urban_rural or "", ""), "population": b.population,
             "latitude": lat, "longitude": lng}
        )  # fmt: skip
    source = SourceData(rows=rows, version=psgc.__version__)
    validate(source)
    return source


def validate(source: SourceData) -> None:
    """Raise HierarchyDataError listing every malformed row; return quietly when all is well."""
    problems: list[str] = []
    codes: dict[str, set[str]] = {}
    for level in LEVELS:
        seen: set[str] = set()
        for row in source.rows.get(level, []):
            code = row.get("code")
            label = f"{level} {code!r}"
            if not isinstance(code, str) or not re.fullmatch(r"\d{10}", code):
                problems.append(f"{label}: the PSGC code must be 10 digits")
                continue
            if code in seen:
                problems.append(f"{label}: the code appears twice")
            seen.add(code)
            if not isinstance(row.get("name"), str) or not row["name"].strip():
                problems.append(f"{label}: the name is empty")
            pop = row.get("population")
            if pop is not None and (not isinstance(pop, int) or isinstance(pop, bool) or pop < 0):
                problems.append(f"{label}: the population {pop!r} is not a whole number ≥ 0")
            lat, lng = row.get("latitude"), row.get("longitude")
            if (lat is None) != (lng is None):
                problems.append(f"{label}: the coordinates are incomplete")
            elif lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
                problems.append(f"{label}: the coordinates ({lat}, {lng}) are out of range")
            if level == "municipality" and row.get("kind") is None:
                problems.append(f"{label}: unknown city/municipality level")
        codes[level] = seen
    for level in LEVELS:
        for row in source.rows.get(level, []):
            for code_field, _attr, parent_level in PARENTS[level]:
                parent = row.get(code_field)
                if parent is None and code_field == "parent_city_code":
                    continue
                if parent not in codes.get(parent_level, set()):
                    problems.append(f"{level} {row.get('code')!r}: its {parent_level} {parent!r} is not in the data")
    if problems:
        raise HierarchyDataError(problems)
