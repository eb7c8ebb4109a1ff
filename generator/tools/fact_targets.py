"""Where one fact row goes in a place record, and how it is written there (for import-facts).

Each target holds a fact with its provenance: `source`, `as_of` (a full date) or `period`
(the date or period as printed), `scope` (town or wider; a named park is written as wider
with the park in `scope_note`, since its boundary need not be the town's), `mirror` and the
row's `note`. Numbers keep their qualifier: 约3.5 is {value: 3.5, qualifier: 约, printed: 约3.5}.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from generator.tools.list_records import GRADE_EVENTS

VOCAB_FILE = Path(__file__).with_name("facts_vocab.yml")
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_UNDATED = {"", "undated", "未注明", "unknown", "无"}
_NUMBER = re.compile(r"^(约|近|超过|超|逾)?([0-9]+(?:\.[0-9]+)?)(万)?(多|余|以上|左右)?$")
_UNIT = re.compile(r"^([^（(]+)[（(](.*)[）)]$")
_SPLIT = re.compile(r"[；;、]")


@functools.cache
def vocab() -> dict:
    return yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))


def _target(r: dict) -> dict:
    return vocab()["fields"][r["field"]]


def number(text: str) -> tuple[float, str | None] | None:
    """约3.5 -> (3.5, 约); 1万余 -> (10000, 余); 80 -> (80, None); text that is no number -> None."""
    m = _NUMBER.match(text.replace(",", "").replace("，", "").strip())
    if not m:
        return None
    value = float(m.group(2)) * (10000 if m.group(3) else 1)
    qualifier = {"超过": "超"}.get(m.group(1), m.group(1)) or m.group(4)
    return (int(value) if value.is_integer() else value), qualifier


def _grade(r: dict) -> str | None:
    value = r["value"].split("（")[0].split("(")[0].strip()
    return value if value in GRADE_EVENTS and re.fullmatch(r"[0-9]{4}", r["as_of"]) else None


def _designation(rec: dict, r: dict, cat) -> tuple[dict | None, str | None]:
    if r["kind"]:
        des = next((d for d in rec["designations"] if d["programme"] == r["kind"]), None)
        return des, None if des else f"该地没有计划 {r['kind']} 的认定 (no designation of that programme)"
    if len(rec["designations"]) == 1:
        return rec["designations"][0], None
    own = [d for d in rec["designations"] if (p := cat.programmes.get(d["programme"])) and
           p.data.get("province") == rec["province"]]
    if len(own) == 1:
        return own[0], None
    return None, "该地有多项认定：请在 kind 列写考核所属的计划编号 (several designations: name the programme in kind)"


def problem(r: dict, town, cat) -> str | None:
    """What makes a row impossible to write, beyond the common checks; None when it is fine."""
    target = _target(r)["target"]
    if target.startswith("figures."):
        if number(r["value"]) is None:
            return f"{r['field']} 的值 {r['value']!r} 不是数字，可写作 约3.5、60多、1万余 (not a number)"
        if not _unit(r)[0]:
            return f"{r['field']} 缺少单位 unit (no unit)"
    if target == "assessment" and _grade(r):
        return _designation(town.record, r, cat)[1]
    return None


def _unit(r: dict) -> tuple[str, str | None]:
    unit = r["unit"]
    m = _UNIT.match(unit)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    if not unit and r["field"] in ("firms_total", "high_tech_firms"):
        return "家", None
    return unit, None


def provenance(r: dict, note: str | None = None, with_date: bool = True) -> dict:
    out = {"source": r["source_url"]}
    if with_date:
        if _ISO.match(r["as_of"]):
            out["as_of"] = r["as_of"]
        elif r["as_of"].lower() not in _UNDATED:
            out["period"] = r["as_of"]
    if r["scope"] in ("park", "wider"):
        out["scope"] = "wider"
        out["scope_note"] = r["scope_note"] or ("所在园区，边界与本镇不一定相同" if r["scope"] == "park" else "更大区域")
    else:
        out["scope"] = "town"
        if r["scope_note"]:
            out["scope_note"] = r["scope_note"]
    if r["mirror"].lower() == "true":
        out["mirror"] = True
    note = "；".join(n for n in (note, r["note"]) if n)
    if note:
        out["note"] = note
    return out


def _date_key(item: dict) -> str:
    return item.get("as_of") or item.get("period") or item.get("year") or ""


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a or "") == re.sub(r"\s", "", b or "")


# ---- the targets ---------------------------------------------------------------------------


def _single(rec: dict, key: str, value, r: dict) -> tuple[str, tuple]:
    if key == "lead_industry":
        held = rec.get("lead_industry")
        if held is None:
            rec["lead_industry"] = value
            rec["lead_industry_source"] = provenance(r)
            return "added", ()
        if _same(held, value):
            if "lead_industry_source" not in rec:
                rec["lead_industry_source"] = provenance(r)
                return "filled", ()
            return "unchanged", ()
        return "conflict", (f"{held}（{_date_key(rec.get('lead_industry_source', {})) or '日期不明'}）",
                            f"{value}（{r['as_of'] or '日期不明'}）")
    held = rec.get("description")
    if held is None:
        rec["description"] = {"text": value, **provenance(r)}
        return "added", ()
    if _same(held["text"], value):
        return "unchanged", ()
    return "conflict", (held["text"], value)


def _append(items: list, item: dict, key: str, compare: tuple) -> tuple[str, tuple]:
    for held in items:
        if _same(str(held.get(key)), str(item.get(key))):
            differs = [k for k in compare if k in item and held.get(k) != item.get(k)]
            if differs and _date_key(held) == _date_key(item):
                return "conflict", ("、".join(f"{k}={held.get(k)}" for k in differs),
                                    "、".join(f"{k}={item.get(k)}" for k in differs))
            return "unchanged", ()
    items.append(item)
    return "added", ()


def _figure(rec: dict, r: dict, kind: str) -> tuple[str, tuple]:
    value, qualifier = number(r["value"])
    unit, unit_note = _unit(r)
    label = _target(r).get("label")
    item = {"value": value}
    if qualifier:
        item["qualifier"] = qualifier
    item["unit"] = unit
    if r["value"] != f"{value}":
        item["printed"] = r["value"]
    item.update(provenance(r, "；".join(n for n in (label, unit_note) if n) or None))
    items = rec.setdefault("figures", {}).setdefault(kind, [])
    for held in items:
        if _date_key(held) == _date_key(item):
            if (held["value"], held.get("qualifier"), held["unit"]) == (value, qualifier, unit):
                return "unchanged", ()
            return "conflict", (f"{held.get('printed', held['value'])}{held['unit']}（{_date_key(held) or '日期不明'}）",
                                f"{r['value']}{unit}（{_date_key(item) or '日期不明'}）")
    items.append(item)
    return "added", ()


def _platform(rec: dict, r: dict) -> tuple[str, tuple]:
    name = r["name"] or r["value"]
    printed = r["kind"]
    kind = next((k for word, k in vocab()["platform_kinds"] if word.lower() in printed.lower()), "其他")
    item = {"name": name, "kind": kind}
    if printed and printed != kind:
        item["kind_as_printed"] = printed
    if r["level"]:
        item["level"] = r["level"]
    extra = r["value"] if r["name"] and r["value"] and r["value"] != r["name"] else None
    item.update(provenance(r, extra))
    return _append(rec.setdefault("platforms", []), item, "name", ("kind", "level"))


def _firms(rec: dict, r: dict) -> tuple[str, tuple]:
    names = [n.strip() for n in _SPLIT.split(r["name"]) if n.strip()] if r["name"] else [r["value"]]
    extra = "；".join(x for x in ((r["value"] if r["name"] and r["value"] != r["name"] else None), r["kind"] or None) if x)
    backbone = rec.setdefault("enterprises", {}).setdefault("backbone", [])
    results = [_append(backbone, {"name": n, **provenance(r, extra or None)}, "name", ()) for n in names]
    return next((x for x in results if x[0] == "added"), results[0])


def _text(r: dict) -> str:
    label = _target(r).get("label")
    value = r["value"]
    if r["unit"]:
        value += r["unit"]
    if r["name"] and r["name"] not in value:
        value = f"{r['name']}：{value}"
    if number(r["value"]) is not None and r["note"]:
        value += f"（{r['note']}）"
    return f"{label}：{value}" if label else value


def _highlight(rec: dict, r: dict) -> tuple[str, tuple]:
    item = {"text": _text(r)}
    if _ISO.match(r["source_date"]):
        item["date"] = r["source_date"]
    prov = provenance(r)
    if number(r["value"]) is not None:
        prov.pop("note", None)  # already in the text
    if "as_of" in prov:
        prov["period"] = prov.pop("as_of")
    item.update(prov)
    outcome = _append(rec.setdefault("highlights", []), item, "text", ())
    return outcome


def _event(rec: dict, r: dict, cat) -> tuple[str, tuple]:
    des, _ = _designation(rec, r, cat)
    grade, year = _grade(r), int(r["as_of"])
    event = {"type": GRADE_EVENTS[grade], "date": f"{year}-12-31", "year": year, "grade": grade,
             "note": "；".join(n for n in ("公布日期未见，日期只用于排序", r["note"]) if n),
             "source": r["source_url"]}
    if r["mirror"].lower() == "true":
        event["mirror"] = True
    event["date_precision"] = "unknown"
    events = des.setdefault("events", [])
    held = next((e for e in events if e.get("year") == year and e["type"] in ("assessed", "warned", "downgraded")), None)
    if held is None:
        events.append(event)
        events.sort(key=lambda e: e["date"])
        return "added", ()
    if held.get("grade") == grade:
        return "unchanged", ()
    return "conflict", (f"{year}年度 {held.get('grade')}", f"{year}年度 {grade}")


def apply(r: dict, rec: dict, cat) -> tuple[str, tuple]:
    """Write the row's fact into the record (in place): (outcome, conflict detail)."""
    target = _target(r)["target"]
    if target in ("lead_industry", "description"):
        return _single(rec, target, r["value"], r)
    if target.startswith("figures."):
        return _figure(rec, r, target.split(".", 1)[1])
    if target == "platform":
        return _platform(rec, r)
    if target == "lead_firm":
        return _firms(rec, r)
    if target == "cooperation":
        item = {"text": r["value"], **provenance(r)}
        return _append(rec.setdefault("cooperation", {}).setdefault("reported", []), item, "text", ())
    if target == "assessment" and _grade(r):
        return _event(rec, r, cat)
    outcome, detail = _highlight(rec, r)
    return ("text" if target == "assessment" and outcome == "added" else outcome), detail


def add_source(rec: dict, r: dict) -> None:
    """The fact's page in the record's sources, once."""
    sources = rec.setdefault("sources", [])
    if any(s["url"] == r["source_url"] for s in sources):
        return
    entry = {"url": r["source_url"], "title": r["source_title"] or r["publisher"] or "来源 source"}
    if _ISO.match(r["source_date"]):
        entry["date"] = r["source_date"]
    if r["publisher"]:
        entry["publisher"] = r["publisher"][:120]
    if r["mirror"].lower() == "true":
        entry["mirror"] = True
    sources.append(entry)
