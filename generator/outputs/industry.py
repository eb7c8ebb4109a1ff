"""The printed lead industries, grouped into sectors by the vocabulary in
generator/industry_sectors.yml: a printed industry falls in the sector of the keyword that comes
first in its wording; one the vocabulary lists under `other` is 其他; any other is unmapped."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

VOCABULARY = Path(__file__).resolve().parents[1] / "industry_sectors.yml"


@dataclass(frozen=True)
class Sector:
    id: str
    zh: str
    en: str

    @property
    def words(self) -> str:
        return f"{self.zh} {self.en}"


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[tuple[str, Sector]], set[str], Sector]:
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    keywords = [(k, Sector(s["id"], s["zh"], s["en"])) for s in data["sectors"] for k in s["keywords"]]
    other = data["other"]
    return keywords, set(other.get("printed") or []), Sector("other", other["zh"], other["en"])


def sector(printed: str | None) -> Sector | None:
    """The sector of a printed lead industry; None for one the vocabulary does not cover."""
    if not printed:
        return None
    keywords, others, other = vocabulary()
    best = None
    for word, sec in keywords:
        at = printed.find(word)
        if at >= 0 and (best is None or (at, -len(word)) < best[0]):
            best = ((at, -len(word)), sec)
    if best:
        return best[1]
    return other if printed in others else None


def sectors() -> list[Sector]:
    """Every sector, in the vocabulary's order, 其他 last."""
    keywords, _, other = vocabulary()
    return list(dict.fromkeys(sec for _, sec in keywords)) + [other]
