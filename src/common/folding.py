"""One folding of text for every search: places, communities, organizations and people.

``fold("Sto. Niño (Pob.)")`` → ``"santo nino poblacion"``: lower case, accents removed, punctuation
(and the PSGC footnote asterisk) dropped, common abbreviations expanded. Records keep a folded copy
of their searchable text in an indexed ``search_folded`` column (``common.models.FoldedSearchModel``)
and a search folds the query the same way, so "santo nino", "sto nino" and "Niño" find the same rows
on SQLite and PostgreSQL alike. People's names are stored through ``fold_name`` ("Ma." → "Maria").
``FoldedSearchFilter`` (common/filters.py) is the django-filter
filter built on it.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

ABBREVIATIONS = {
    "sto": "santo", "sta": "santa", "sr": "senor", "gen": "general", "pres": "president",
    "pob": "poblacion", "brgy": "", "bgy": "", "mun": "", "st": "saint",
}  # fmt: skip


def fold(text: str | None) -> str:
    """Lower-case, strip accents and punctuation, expand common abbreviations."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in (ABBREVIATIONS.get(w, w) for w in words) if w)


#: Abbreviations of people's names, expanded in the STORED text only: "Ma. Cristina" is stored as
#: "maria cristina", so "Ma. Cristina", "ma cristina" and "Maria Cristina" all find it (a query word
#: is matched as a substring, and "ma" occurs in "maria").
NAME_ABBREVIATIONS = {"ma": "maria"}


def fold_name(text: str | None) -> str:
    """A person's name folded for storage: ``fold()`` plus the name abbreviations ("Ma." → "maria")."""
    return " ".join(NAME_ABBREVIATIONS.get(word, word) for word in fold(text).split())


def fold_all(*parts) -> str:
    """The folded search text of a record: its searchable values, folded, in one line."""
    return " ".join(f for f in (fold(p) for p in parts) if f)


def folded_q(query: str, fields=("search_folded",)) -> Q | None:
    """Rows whose folded text contains every folded word of ``query`` (in any of ``fields``).
    ``None`` when the query folds to nothing (e.g. only punctuation)."""
    words = fold(query).split()
    if not words:
        return None
    condition = Q()
    for word in words[:10]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__contains": word})
        condition &= any_field
    return condition
