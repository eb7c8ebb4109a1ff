"""Which place we already hold does a row of a published table name?

A row is matched by one of these rules, strongest first (the report names the rule):

- ``list``: the list being imported already names a place with the same name (a re-run);
- ``code``: same county-level division code and the same normalised name;
- ``county``: same county (or, where the table names only the city, same city) by its
  printed name and the same normalised name;
- ``printed``: the name is one an existing designation or list prints for the place;
- ``province``: the table names neither county nor city, and exactly one place in the
  province has the normalised name.

A normalised name drops brackets, quotes and spaces, the province/city/county prefix and
the 镇/乡/街道/小镇 suffix: 晋中市灵石县静升镇 and 静升镇 are both 静升. Two candidates,
or a name that matches only a place in another county, are *uncertain*: never written,
listed for a person to settle with ``--match ROW=slug``.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

from generator.derive import gazetteer

# Longest first: 自治县 before 县.
_DIVISION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "新区", "地区",
                      "省", "市", "区", "县", "旗", "盟", "州")
_PLACE_SUFFIXES = ("特色小镇", "小镇", "街道", "镇", "乡")
_BRACKETS = re.compile(r"（[^）]*）|\([^)]*\)|【[^】]*】|\[[^\]]*\]")
# A state-level new area printed before the county (赣江新区共青城市…): not a division in the table.
_NEW_AREA = re.compile(r"^[\u4e00-\u9fff]{2,4}新区(?=[\u4e00-\u9fff]{2,}[市县区])")
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》·・]")

RULES = {
    "list": "名单已有 already on this list",
    "code": "区划代码相同且同名 same division code and name",
    "county": "同县（区）同名 same county and name",
    "city": "同市同名（名单未写县区）same city and name (no county given)",
    "printed": "与已有认定的公布名称相同 a name an existing designation prints",
    "province": "同省同名（名单未写市县）same province and name (no city or county given)",
    "match": "人工指定 --match settled by hand",
}


class UnknownDivision(ValueError):
    """A city or county the gazetteer does not hold in that province."""

    def __init__(self, level: str, text: str):
        super().__init__(text)
        self.level = level
        self.text = text


def bare(name: str) -> str:
    """A division's name without its unit: 怀仁县 -> 怀仁, 临夏回族自治州 -> 临夏回族."""
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@functools.cache
def _province_divisions(prefix: str) -> tuple[gazetteer.Division, ...]:
    return tuple(d for code, d in gazetteer.divisions().items() if code.startswith(prefix) and d.level != "province")


def _names(div: gazetteer.Division) -> set[str]:
    """The ways a name may print a division: 临夏回族自治州, 临夏州; 怀仁县, 怀仁."""
    names = {div.name, bare(div.name)}
    if div.name.endswith("自治州"):
        names |= {div.name[:2] + "州", div.name[:3] + "州"}
    return {n for n in names if len(n) >= 2}


@functools.cache
def _levels(prefix: str) -> tuple[tuple[str, ...], dict[str, str], dict[str, tuple[str, ...]]]:
    """The province's own names; city name -> city code; city code ("" for any) -> county names."""
    province = gazetteer.lookup(prefix + "0000")
    own = tuple({province.name, bare(province.name), province.name[:2]}) if province else ()
    cities: dict[str, str] = {}
    counties: dict[str, set[str]] = {"": set()}
    for d in _province_divisions(prefix):
        if d.level == "city":
            for n in _names(d):
                cities.setdefault(n, d.adcode)
        else:
            names = _names(d)
            counties[""] |= names
            counties.setdefault(d.adcode[:4] + "00", set()).update(names)
    return own, cities, {k: tuple(v) for k, v in counties.items()}


def _strip(text: str, names) -> tuple[str, str | None]:
    for n in sorted(names, key=len, reverse=True):
        if text.startswith(n) and len(text) - len(n) >= 2:
            return text[len(n):], n
    return text, None


def clean(name: str) -> str:
    """The printed name without brackets, quotes and spaces."""
    return _NOISE.sub("", _BRACKETS.sub("", name or ""))


def normalise(name: str, prefix: str) -> str:
    """The name as matching compares it (see the module docstring); `prefix` is the
    province's two-digit code. Division names are stripped from the front in order, once
    each: the province, one of its cities, one county (of that city, where one was stripped),
    so 上杭古田红色小镇 loses 上杭 but keeps 古田, which is also a county's name."""
    own, cities, counties = _levels(prefix)
    text = _strip(clean(name), own)[0]
    text = _NEW_AREA.sub("", text, count=1) if len(_NEW_AREA.sub("", text, count=1)) >= 2 else text
    text, city = _strip(text, cities)
    text = _strip(text, counties.get(cities[city] if city else "", ()))[0]
    for suffix in _PLACE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@dataclass(frozen=True)
class Division:
    """Where a row lies: the lowest division found, and the county as printed if it was renamed."""

    code: str | None = None  # county code, else city code
    level: str | None = None  # "county" | "city"
    city: str | None = None  # today's names, from the gazetteer
    county: str | None = None
    as_listed: str | None = None  # the printed county where today's name differs (怀仁县 -> 怀仁市)
    from_prefix: str | None = None  # the name's prefix the division was read from, when no column gave it


def _find(prefix: str, text: str, level: str, within: str | None = None) -> gazetteer.Division | None:
    pool = [d for d in _province_divisions(prefix) if d.level == level and (within is None or d.adcode.startswith(within))]
    for test in (lambda d: d.name == text, lambda d: bare(d.name) == bare(text),
                 lambda d: len(bare(text)) >= 2 and d.name.startswith(bare(text))):
        found = [d for d in pool if test(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    return None


def _city_name(code: str) -> str | None:
    """The prefecture a county lies in; none for a municipality's districts (天津市 is the province)."""
    city = gazetteer.city_of(code)
    province = gazetteer.lookup(code[:2] + "0000")
    if not city or city.name.endswith("辖区") or city.adcode == code or (province and city.name == province.name):
        return None
    return city.name


def resolve(prefix: str, city: str | None, county: str | None) -> Division:
    """The division a row names, from its city and county columns; raises UnknownDivision."""
    city, county = (city or "").strip(), (county or "").strip()
    city_div = None
    if city and not (gazetteer.lookup(prefix + "0000") and gazetteer.lookup(prefix + "0000").name == city):
        city_div = _find(prefix, city, "city")
        if city_div is None:
            # a county-level city printed in the city column (e.g. 敦煌市), or a municipality's district
            found = _find(prefix, city, "county")
            if found is None:
                raise UnknownDivision("city", city)
            city_div, county = None, county or found.name
    if county:
        found = _find(prefix, county, "county", city_div.adcode[:4] if city_div else None)
        if found is None and city_div is not None and bare(county) == bare(city_div.name):
            return Division(city_div.adcode, "city", city_div.name)
        if found is None:
            raise UnknownDivision("county", county)
        return Division(found.adcode, "county", _city_name(found.adcode), found.name,
                        county if county != found.name else None)
    if city_div is not None:
        return Division(city_div.adcode, "city", city_div.name)
    return Division()


def from_prefix(prefix: str, name: str) -> Division:
    """The division a name begins with (长乐东湖VR小镇 -> 长乐区), where it is the only one of
    that name in the province; else nothing. Used only when the table names no city or county."""
    text = clean(name)
    for level in ("county", "city"):
        found = [d for d in _province_divisions(prefix) if d.level == level and
                 any(text.startswith(n) and len(text) > len(n) for n in {d.name, bare(d.name)} if len(n) >= 2)]
        if len(found) == 1:
            d = found[0]
            shown = d.name if text.startswith(d.name) else bare(d.name)
            if level == "county":
                return Division(d.adcode, "county", _city_name(d.adcode), d.name, None, shown)
            return Division(d.adcode, "city", d.name, None, None, shown)
        if len(found) > 1:
            return Division()
    return Division()


# ---- the places we hold ----------------------------------------------------------------


@dataclass
class Held:
    slug: str
    name: str
    prefix: str
    county_codes: set[str]
    city_code: str | None
    county_names: set[str]
    names: set[str]  # normalised record name
    printed: set[str] = field(default_factory=set)  # normalised names designations and lists print


@dataclass
class Row:
    number: int
    name: str
    prefix: str
    division: Division
    county_text: str | None = None
    city_text: str | None = None


@dataclass
class Outcome:
    kind: str  # matched | new | ambiguous
    slug: str | None = None
    rule: str | None = None
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (slug, why)


class PlaceIndex:
    """The places of a catalog, by province, as the matcher compares them."""

    def __init__(self, cat, province_prefix_of):
        self.by_province: dict[str, list[Held]] = {}
        self.members: dict[str, dict[str, str]] = {}  # list id -> normalised printed name -> slug
        printed: dict[str, set[str]] = {}
        prefix_of: dict[str, str] = {}
        for lst in cat.lists.values():
            for m in lst.members:
                printed.setdefault(m["town"], set()).add(m["name_as_published"])
        for town in cat.towns:
            prefix = province_prefix_of(town)
            prefix_of[town.slug] = prefix
            rec = town.record
            codes = {c for c in (rec.get("adcode"), (rec.get("division_as_listed") or {}).get("adcode")) if c}
            county_codes = {str(c) for c in codes if not str(c).endswith("00")}
            city_code = next((str(c)[:4] + "00" for c in codes), None)
            county_names = {bare(n) for n in (rec.get("county"), (rec.get("division_as_listed") or {}).get("name")) if n}
            names = {normalise(rec["name"], prefix)}
            extra = {d["name"] for d in rec["designations"] if d.get("name")} | printed.get(town.slug, set())
            held = Held(town.slug, rec["name"], prefix, county_codes, city_code, county_names, names,
                        {normalise(n, prefix) for n in extra} - names)
            self.by_province.setdefault(prefix, []).append(held)
        for lst in cat.lists.values():
            table = self.members.setdefault(lst.id, {})
            for m in lst.members:
                table.setdefault(normalise(m["name_as_published"], prefix_of.get(m["town"], "")), m["town"])

    def add(self, held: Held) -> None:
        self.by_province.setdefault(held.prefix, []).append(held)

    def match(self, row: Row, list_id: str | None = None) -> Outcome:
        norm = normalise(row.name, row.prefix)
        on_list = self.members.get(list_id or "", {}).get(norm)
        if on_list:
            return Outcome("matched", on_list, "list")
        sure: dict[str, str] = {}
        unsure: list[tuple[str, str]] = []
        for held in self.by_province.get(row.prefix, []):
            if norm in held.names:
                rule = self._place_rule(row, held)
            elif norm in held.printed:
                rule = "printed" if self._county_agrees(row, held) else None
            else:
                continue
            if rule:
                sure.setdefault(held.slug, rule)
            else:
                where = "、".join(sorted(held.county_names)) or "县区不明 county unknown"
                unsure.append((held.slug, f"同名，县区不同或不明：{held.name}（{where}）"
                                          f" same name, other or unknown county"))
        if len(sure) == 1:
            slug, rule = next(iter(sure.items()))
            return Outcome("matched", slug, rule)
        if len(sure) > 1:
            return Outcome("ambiguous", candidates=[(s, f"{RULES[r]}") for s, r in sure.items()])
        if unsure:
            return Outcome("ambiguous", candidates=unsure)
        return Outcome("new", candidates=self._similar(row, norm))

    def _similar(self, row: Row, norm: str) -> list[tuple[str, str]]:
        """Places in the row's county whose name begins as the row's does (古田镇 for 上杭古田红色小镇):
        not a match, but worth a look before the new place is kept."""
        if row.division.level != "county":
            return []
        return [(h.slug, h.name) for h in self.by_province.get(row.prefix, [])
                if row.division.code in h.county_codes and
                any(len(os.path.commonprefix([n, norm])) >= 2 for n in h.names | h.printed)]

    @staticmethod
    def _county_agrees(row: Row, held: Held) -> bool:
        div = row.division
        if div.level == "county" and held.county_codes:
            return div.code in held.county_codes
        if div.level and held.city_code:
            return div.code[:4] == held.city_code[:4]
        return True

    @staticmethod
    def _place_rule(row: Row, held: Held) -> str | None:
        div = row.division
        if div.level == "county":
            if div.code in held.county_codes:
                return "code"
            if row.county_text and bare(row.county_text) in held.county_names:
                return "county"
            return None  # another county, or we do not know the place's county
        if div.level == "city":
            return "city" if held.city_code and held.city_code[:4] == div.code[:4] else None
        return "province"
