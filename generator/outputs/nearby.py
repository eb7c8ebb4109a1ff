"""Other places in the same county (else the same city), for a town page's "nearby towns".

Grouped once over all towns (one pass, dictionaries keyed by division), so the work stays linear:
each page gets at most `LIMIT` neighbours, and the count of the rest.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from generator.records.model import Town

LIMIT = 12


@dataclass
class Nearby:
    scope: str  # "county" or "city": which division the neighbours share
    division: str  # its name, e.g. 南海区
    towns: list[Town]  # up to LIMIT, by slug
    more: int  # how many more share it beyond those shown


def _key(t: Town, level: str) -> tuple | None:
    r = t.record
    if level == "county":
        return (r["province"], r.get("city"), r["county"]) if r.get("county") else None
    return (r["province"], r["city"]) if r.get("city") else None


def nearby(towns: Iterable[Town], limit: int = LIMIT) -> dict[str, Nearby]:
    """slug -> its neighbours; a town with none in its county or city is absent."""
    towns = sorted(towns, key=lambda t: t.slug)
    groups: dict[str, dict[tuple, list[Town]]] = {"county": defaultdict(list), "city": defaultdict(list)}
    for t in towns:
        for level in groups:
            k = _key(t, level)
            if k:
                groups[level][k].append(t)
    out = {}
    for t in towns:
        for level in ("county", "city"):
            k = _key(t, level)
            members = groups[level].get(k, []) if k else []
            if len(members) < 2:
                continue
            # The group is sorted by slug: the first limit+1 hold at most one that is the town itself.
            shown = [m for m in members[:limit + 1] if m.slug != t.slug][:limit]
            out[t.slug] = Nearby(level, k[-1], shown, len(members) - 1 - len(shown))
            break
    return out
