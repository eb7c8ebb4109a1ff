"""Rules that span records: unique slugs, known programmes and batches, divisions that
agree with the province, points inside China, possible histories, lists that point
at real towns, and no personal contact data anywhere.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

from generator.derive import gazetteer, lifecycle
from generator.records.validate import Problem, problem_at

PROVINCES_FILE = Path(__file__).resolve().parents[1] / "provinces.json"

# China's extent, South China Sea islands included; finer tests are in geo.py.
_CHINA_BOUNDS = (73.4, 135.1, 3.3, 53.6)

_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@functools.cache
def provinces() -> dict[str, dict]:
    """Folder code -> {name, adcode_prefix}."""
    return json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def _contact_data(doc) -> list[Problem]:
    found = []
    for path, text in _strings(doc.data):
        if path and path[-1] in ("url", "source"):
            continue
        if _MOBILE.search(text) or _EMAIL.search(text):
            found.append(problem_at(doc, path, "不得发布个人联系方式（手机号码或电子邮箱）(personal contact data such as "
                                               "a mobile number or e-mail must not be published): remove it"))
    return found


def _dates(doc, today: str) -> list[Problem]:
    out = []
    for path, text in _strings(doc.data):
        if path and path[-1] == "date" and text > today:
            out.append(problem_at(doc, path, f"日期 {text} 晚于今天 (the date {text} is in the future)"))
    return out


def check(cat) -> list[Problem]:
    """Every cross-record problem of a catalog whose designations are joined (catalog.join)."""
    problems: list[Problem] = []
    today = dt.date.today().isoformat()
    prov = provinces()
    seen: dict[str, str] = {}
    for town in cat.towns:
        doc, rec = town.doc, town.record
        if Path(town.file).stem != rec["slug"]:
            problems.append(problem_at(doc, ("slug",), f"文件名应与 slug 一致：应命名为 {rec['slug']}.yml "
                                                       f"(the file name must match the slug: {rec['slug']}.yml)"))
        if rec["slug"] in seen:
            problems.append(problem_at(doc, ("slug",), f"slug {rec['slug']} 与 {seen[rec['slug']]} 重复 "
                                                       f"(duplicate slug, already used by {seen[rec['slug']]})"))
        else:
            seen[rec["slug"]] = town.file
        folder = town.province_code
        if folder not in prov:
            problems.append(problem_at(doc, ("province",), f"未知的省份目录 towns/{folder}/ (unknown province folder; "
                                                           f"use one of: {', '.join(sorted(prov))})"))
        elif prov[folder]["name"] != rec["province"]:
            problems.append(problem_at(doc, ("province",), f"省份应为 {prov[folder]['name']}，与目录 towns/{folder}/ 一致 "
                                                           f"(province must match the folder: {prov[folder]['name']})"))
        problems += _programme(cat, town)
        problems += _division(town, prov.get(folder))
        problems += _location(town)
        problems += _city(town)
        problems += _contact_data(doc)
        problems += _dates(doc, today)
        problems += _history(town)
    for lst in cat.lists.values():
        problems += _list(cat, lst, today)
    for prog in cat.programmes.values():
        doc = prog.doc
        for i, b in enumerate(prog.batches):
            if b.get("scheme") and b["scheme"] not in cat.schemes:
                problems.append(problem_at(doc, ("batches", i, "scheme"), f"未知的评价标准 {b['scheme']} "
                                                                          f"(unknown scheme: no policies/schemes/{b['scheme']}.yml)"))
        for i, pid in enumerate(prog.policies):
            if pid not in cat.policies:
                problems.append(problem_at(doc, ("policies", i), f"未知的政策文件 {pid} (unknown policy: no policies/{pid}.md)"))
    return problems


def _programme(cat, town) -> list[Problem]:
    doc = town.doc
    out = []
    seen: dict[str, int] = {}
    for i, des in enumerate(town.record["designations"]):
        at = ("designations", i)
        pid = des["programme"]
        if pid in seen:
            out.append(problem_at(doc, at + ("programme",), f"计划 {pid} 已在第 {seen[pid] + 1} 项认定中出现；同一计划只写一项认定 "
                                                             f"(the programme is already designation {seen[pid] + 1}: one designation per programme)"))
        seen.setdefault(pid, i)
        prog = cat.programmes.get(pid)
        if prog is None:
            out.append(problem_at(doc, at + ("programme",), f"未知的计划 {pid} (unknown programme; known: "
                                                             f"{', '.join(sorted(cat.programmes))})"))
            continue
        batches = [b["batch"] for b in prog.batches]
        if "batch" in des and des["batch"] not in batches:
            out.append(problem_at(doc, at + ("batch",), f"计划 {prog.id} 没有第 {des['batch']} 批 (unknown batch; the programme has "
                                                         f"batches {', '.join(map(str, batches))})"))
        types = prog.town_types
        if "town_type" in des and des["town_type"] not in types:
            out.append(problem_at(doc, at + ("town_type",), f"小镇类型应为 {'、'.join(types) or '（该计划未定义类型）'} "
                                                             f"(town type must be one the programme defines), got {des['town_type']!r}"))
    return out


def _division(town, province: dict | None) -> list[Problem]:
    doc, rec = town.doc, town.record
    out = []
    for path, code in ((("adcode",), rec.get("adcode")),
                       (("division_as_listed", "adcode"), (rec.get("division_as_listed") or {}).get("adcode"))):
        if code is None:
            continue
        code = str(code)
        if province and not code.startswith(province["adcode_prefix"]):
            out.append(problem_at(doc, path, f"行政区划代码 {code} 不属于 {province['name']}（应以 {province['adcode_prefix']} 开头）"
                                             f" (division code is not in the province)"))
        elif path == ("adcode",) and gazetteer.lookup(code) is None:
            out.append(problem_at(doc, path, f"未知的行政区划代码 {code} (unknown division code)"))
    return out


# How far a point may lie from its division's representative point: the largest counties
# (若羌, 且末) are about 500 km across, so 300 km from the point catches a wrong place, not a big one.
_MAX_KM = {"county": 300, "city": 600}


def _location(town) -> list[Problem]:
    loc = town.record.get("location")
    if not loc:
        return []
    lon, lat = loc["lon"], loc["lat"]
    from generator.derive import geo  # the datum module; imported here to keep validation light to load

    west, east, south, north = _CHINA_BOUNDS
    if not (west <= lon <= east and south <= lat <= north):
        return [problem_at(town.doc, ("location",), f"坐标 ({lon}, {lat}) 不在中国境内；请检查经纬度是否写反 "
                                                     f"(the point is outside China; are lon and lat swapped?)")]
    if loc["datum"] == "gcj02" and not geo.in_mainland_china(lon, lat):
        return [problem_at(town.doc, ("location", "datum"), "GCJ-02 坐标只用于中国大陆 (GCJ-02 applies only inside mainland China)")]
    if not geo.in_china(lon, lat):
        return [problem_at(town.doc, ("location",), f"坐标 ({lon}, {lat}) 在海上或境外，不在陆地上：请核对经纬度 "
                                                     f"(the point is at sea or abroad, not on land: check lon and lat)")]
    code = town.record.get("adcode")
    found = gazetteer.representative_point(str(code)) if code else None
    if found:
        div, level = found
        km = geo.distance_m(lon, lat, div.lon, div.lat) / 1000
        if km > _MAX_KM[level]:
            return [problem_at(town.doc, ("location",), f"坐标 ({lon}, {lat}) 距行政区划 {div.name}（{code}）{km:.0f} 公里，"
                                                         f"超出 {_MAX_KM[level]} 公里：请核对经纬度或行政区划代码 "
                                                         f"(the point is {km:.0f} km from its division {div.adcode}: "
                                                         f"check lon/lat or the adcode)")]
    return []


_CITY_SUFFIXES = ("自治州", "地区", "市", "盟")


def _bare(name: str) -> str:
    for suffix in _CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _city(town) -> list[Problem]:
    """The city text must be the city the division code lies in (the region, map and criteria
    all follow the code: 梅州市 with 440604 would be judged and mapped as 佛山市)."""
    rec = town.record
    code, city = rec.get("adcode"), rec.get("city")
    if not code or not city:
        return []
    parent = gazetteer.city_of(str(code))
    own = gazetteer.lookup(str(code))
    if parent is None or parent.name.endswith("辖区") or _bare(parent.name) == _bare(city):
        return []
    if own is not None and _bare(own.name) == _bare(city):
        return []  # a county-level city named as the city
    return [problem_at(town.doc, ("city",), f"地级市 {city} 与行政区划代码 {code} 不符：{code} 属于 {parent.name}；"
                                            f"请核对 city 或 adcode (the city does not match the division code, "
                                            f"which lies in {parent.name})")]


def _history(town) -> list[Problem]:
    """Each designation's timeline (joined by the catalog from its lists and events) is possible."""
    out = []
    for des in town.designations:
        i = des.index
        if not des.lists:
            out.append(problem_at(town.doc, ("designations", i, "programme"),
                                  f"该认定不在计划 {des.programme_id} 的任何已公布名单中：请在 policies/lists/ 的名单里加入 {town.slug} "
                                  f"(this designation is on no published list of its programme: add the place to its list)"))
        for event, message in lifecycle.impossible(des.timeline):
            if event.get("origin") == "record":
                out.append(problem_at(town.doc, ("designations", i, "events", event["index"]), message))
            else:
                out.append(problem_at(town.doc, ("designations", i, "programme"), f"名单 {event['list']}：{message}"))
    return out


def _list_counts(lst) -> list[Problem]:
    """A list's members against the counts it announced: never more than announced (in all, or in a
    category its members carry), and a stated `complete` that the counts contradict is wrong."""
    counts, doc = lst.published_counts, lst.doc
    if not counts:
        return []
    total, held = sum(counts.values()), len(lst.members)
    if held > total:
        return [problem_at(doc, ("published_counts",), f"名单列出 {held} 个成员，多于公布数量 {total}：请核对成员或 published_counts "
                                                       f"(the list holds {held} members, more than the {total} it announced)")]
    out = []
    by_category: dict[str, int] = {}
    for m in lst.members:
        by_category[m.get("category")] = by_category.get(m.get("category"), 0) + 1
    if set(by_category) <= set(counts):  # the counts are by the categories the members carry
        for k, n in by_category.items():
            if n > counts[k]:
                out.append(problem_at(doc, ("published_counts", k), f"类别 {k} 列出 {n} 个成员，多于公布的 {counts[k]} 个 "
                                                                    f"(category {k} holds {n} members, more than the {counts[k]} announced)"))
    stated = lst.data.get("complete")
    if stated is True and held < total:
        out.append(problem_at(doc, ("complete",), f"名单写明 complete: true，但只列出 {held} 个成员，公布数量为 {total}：请改为 "
                                                  f"complete: false 或删去这一行，或补全成员 (marked complete, but it holds {held} of "
                                                  f"the {total} members it announced)"))
    elif stated is False and held == total:
        out.append(problem_at(doc, ("complete",), f"名单已列出公布的全部 {total} 个成员，却写明 complete: false：请删去这一行，"
                                                  f"或核对 published_counts (marked incomplete, but it holds all {total} members "
                                                  f"it announced)"))
    return out


def _list(cat, lst, today) -> list[Problem]:
    doc = lst.doc
    out = _dates(doc, today) + _contact_data(doc)
    prog = cat.programmes.get(lst.programme)
    if prog is None:
        out.append(problem_at(doc, ("programme",), f"未知的计划 {lst.programme} (unknown programme)"))
    elif lst.batch not in [b["batch"] for b in prog.batches]:
        out.append(problem_at(doc, ("batch",), f"计划 {prog.id} 没有第 {lst.batch} 批 (unknown batch)"))
    out += _list_counts(lst)
    seen = set()
    for i, member in enumerate(lst.members):
        slug = member["town"]
        town = cat.town(slug)
        if slug in seen:
            out.append(problem_at(doc, ("members", i, "town"), f"{slug} 在名单中重复 (listed twice)"))
        seen.add(slug)
        if town is None and slug in cat.invalid_slugs:
            continue  # the record exists; its own errors are reported on its own lines
        if town is None:
            out.append(problem_at(doc, ("members", i, "town"), f"没有 slug 为 {slug} 的小镇记录 (no town record with this slug)"))
            continue
        des = next((d for d in town.record["designations"] if d["programme"] == lst.programme), None)
        if des is None:
            held = "、".join(d["programme"] for d in town.record["designations"])
            out.append(problem_at(doc, ("members", i, "town"), f"{slug} 没有计划 {lst.programme} 的认定（现有 {held}）：请在其记录的 designations 中加入 "
                                                               f"(the place holds no designation of this list's programme: add one to its record)"))
        elif "batch" in des and lst.kind != "naming" and des["batch"] != lst.batch:
            out.append(problem_at(doc, ("members", i, "town"), f"{slug} 的批次为 {des['batch']}，名单为第 {lst.batch} 批 "
                                                               f"(the designation's batch differs from the list's)"))
    return out
