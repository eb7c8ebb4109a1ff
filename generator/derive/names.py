"""The names a place is known by, for search: what readers copy from a notice or a list.

A place is found by its own name, by every designation's name, by every name a published list
prints for it (`name_as_published`, often 省 + 市 + 县 + 镇), by those names with the division
names in front taken off (浙江省湖州市八里店镇 → 湖州市八里店镇 → 八里店镇), by "county +
township" (吴兴区八里店镇) and by each of its platforms' names.

Pure: reads a place (records/model.Town) and nothing else; no MkDocs, no tools extra.
"""
from __future__ import annotations

import re
import unicodedata

# Longest first: 自治州 before 州.
_LEVELS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "区", "县", "旗", "盟", "州")
_TOWNSHIP = ("街道办事处", "街道", "镇", "乡")
_SPACE = re.compile(r"\s+")
# Quotes and brackets a printed name may wrap parts in: "中国-东盟新能源电动车"创新小镇.
_QUOTES = re.compile(r"[\"'“”‘’「」『』《》]")


def normal(text: str) -> str:
    """A name as the exact-name table keys it: NFKC (full-width letters and digits folded),
    lower case, without spaces and quotes. The search page applies the same folding to a query."""
    return _QUOTES.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))).lower()


def bare(name: str) -> str:
    """A division's name without its level: 湖州市 → 湖州, 广西壮族自治区 → 广西壮族 (two characters at least)."""
    for level in _LEVELS:
        if name.endswith(level) and len(name) - len(level) >= 2:
            return name[: -len(level)]
    return name


def _province_short(name: str) -> str:
    """浙江省 → 浙江, 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古, 黑龙江省 → 黑龙江."""
    stem = bare(name)
    return stem[:3] if stem.startswith(("内蒙古", "黑龙江")) else stem[:2]


def divisions(record: dict) -> list[str]:
    """The division names that may stand in front of a name in this place's lists, full and bare."""
    out: list[str] = []
    province = record.get("province") or ""
    listed = (record.get("division_as_listed") or {}).get("name")
    for n in (province, bare(province), _province_short(province),
              record.get("city"), record.get("county"), listed):
        for v in (n, bare(n or "")):
            if v and len(v) >= 2 and v not in out:
                out.append(v)
    return sorted(out, key=lambda n: (-len(n), n))


def stripped(name: str, prefixes: list[str]) -> list[str]:
    """The name with each leading division name taken off in turn, every step kept:
    浙江省湖州市八里店镇 → [湖州市八里店镇, 八里店镇]. A level character left after a bare name
    (湖州 + 市) goes with it; what is left keeps two characters at least."""
    out: list[str] = []
    text = name
    while True:
        for p in prefixes:
            if text.startswith(p) and len(text) - len(p) >= 2:
                rest = text[len(p):]
                if rest[0] in "省市区县旗盟州" and len(rest) >= 3:
                    rest = rest[1:]
                text = rest
                out.append(text)
                break
        else:
            return out


def is_township(name: str) -> bool:
    """镇, 乡, 街道 (a township), not a programme's 小镇."""
    return name.endswith(_TOWNSHIP) and not name.endswith("小镇")


def search_names(town) -> dict[str, list[str]]:
    """Every name that should find the place, by kind (name, designation, printed, stripped,
    county_township, platform); each list deduplicated, in record order."""
    r = town.record
    kinds: dict[str, list[str]] = {k: [] for k in
                                    ("name", "designation", "printed", "stripped", "county_township", "platform")}

    def add(kind: str, value: str | None) -> None:
        value = (value or "").strip()
        if value and value not in kinds[kind]:
            kinds[kind].append(value)

    add("name", town.name)
    for d in town.designations:
        add("designation", d.record.get("name"))
        for m in d.lists:
            add("printed", m["member"].get("name_as_published"))
    full = [n for k in ("name", "designation", "printed") for n in kinds[k]]
    prefixes = divisions(r)
    for n in full:
        for s in stripped(n, prefixes):
            add("stripped", s)
    county = r.get("county") or (r.get("division_as_listed") or {}).get("name")
    if county:
        for n in [*full, *kinds["stripped"]]:
            if is_township(n) and not n.startswith(county):
                rest = (stripped(n, prefixes) or [n])[-1]
                add("county_township", county + rest)
    for p in town.platforms:
        add("platform", p.name)
    return kinds


def all_names(town) -> list[str]:
    """search_names, flat and deduplicated."""
    seen: dict[str, None] = {}
    for names in search_names(town).values():
        for n in names:
            seen.setdefault(n, None)
    return list(seen)


def other_names(town) -> list[str]:
    """The names that find the place beyond its own name and its platforms (which its page shows
    as headings already): the text its town page indexes for them."""
    kinds = search_names(town)
    seen: dict[str, None] = {}
    for kind in ("designation", "printed", "stripped", "county_township"):
        for n in kinds[kind]:
            if n != town.name:
                seen.setdefault(n, None)
    return list(seen)
