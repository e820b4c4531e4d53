"""One label for every place name, the same on pages, in the location API, the picker and PDFs.

The PSGC names highly urbanized cities' pseudo-provinces "City of Zamboanga (Independent City)"
and Isabela's "City of Isabela (Not a Province)". Shown to people, the qualifier is dropped and a
HUC gets " (HUC)" once: "City of Zamboanga (HUC)". Data exports keep the PSGC name.
"""

from __future__ import annotations

import re

_QUALIFIER = re.compile(r"\s*\((?:independent city|not a province)\)\s*$", re.IGNORECASE)


def name_label(name: str | None, *, huc: bool = False) -> str:
    """The display label of a place called ``name`` (``huc``: a highly urbanized city); the PSGC
    footnote asterisk is dropped."""
    base = _QUALIFIER.sub("", (name or "").replace("*", "")).strip()
    return f"{base} (HUC)" if huc and base else base


def province_label(name: str | None, kind: str | None) -> str:
    """Label of a province-level unit from its stored name and ``Province.kind``."""
    return name_label(name, huc=kind == "huc")
