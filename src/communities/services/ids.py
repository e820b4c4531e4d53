"""Readable OBC ids: ``OBC-<region>-<province>-<number>``, e.g. ``OBC-IX-ZDN-0001``.

The id is given once, at creation, and never changes (a record moved to another province keeps
it): exports, reports and conversations refer to it. Numbers run per prefix, so two provinces
whose abbreviations coincide still get distinct ids.

The last number given per prefix is kept in ``ObcIdCounter`` (one row per prefix, read and bumped
under the province's lock), so an id costs the same in a province of 10 or 10,000 communities. A
counter is started from the highest id already stored the first time a prefix is used.
"""

from __future__ import annotations

import re
import unicodedata

from communities.models import BarangayOBC, ObcIdCounter

PREFIX = "OBC"
NUMBER_WIDTH = 4
_DROP_WORDS = {"city", "of", "province"}


def province_abbreviation(name: str) -> str:
    """Three letters for a province or HUC name.

    "Zamboanga del Norte" → ZDN, "Sulu" → SUL, "South Cotabato" → SCO, "City of Zamboanga" → ZAM,
    "City of Isabela (Not a Province)" → ISA.
    """
    name = re.sub(r"\(.*?\)", " ", name)  # "City of Isabela (Not a Province)" → "City of Isabela"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z]+", ascii_name) if w and w.lower() not in _DROP_WORDS]
    if not words:
        return "XXX"
    if len(words) == 1:
        return words[0][:3].upper().ljust(3, "X")
    if len(words) >= 3:
        return "".join(w[0] for w in words[:3]).upper()
    return (words[0][0] + words[1][:2]).upper()


def id_prefix(province) -> str:
    region = re.sub(r"[^A-Za-z0-9]+", "", province.region.short_name or province.region.code[:2]).upper()
    return f"{PREFIX}-{region}-{province_abbreviation(province.name)}-"


def highest_number(prefix: str) -> int:
    """The highest number among stored ids with ``prefix`` (a scan: used once per prefix)."""
    highest = 0
    for obc_id in BarangayOBC.all_objects.filter(obc_id__startswith=prefix).values_list("obc_id", flat=True):
        tail = obc_id[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return highest


def next_obc_ids(province, count: int = 1) -> list[str]:
    """The next ``count`` free ids for a province. Call inside the transaction that saves them,
    after locking the province's coverage row (``services.coverage.lock_province``)."""
    prefix = id_prefix(province)
    counter = ObcIdCounter.objects.select_for_update().filter(prefix=prefix).first()
    if counter is None:
        counter = ObcIdCounter.objects.create(prefix=prefix, last_number=highest_number(prefix))
    first = counter.last_number + 1
    counter.last_number += count
    ObcIdCounter.objects.filter(pk=counter.pk).update(last_number=counter.last_number)
    return [f"{prefix}{n:0{NUMBER_WIDTH}d}" for n in range(first, first + count)]
