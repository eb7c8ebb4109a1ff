"""A town's facts as its page shows them: every field the schema titles, in the schema's order,
with its provenance (a figure about a wider area, a repost) and the facts every visitor looks for
shown as unknown when the record is silent."""
from __future__ import annotations

from generator.records.validate import schema

_SHOWN_ELSEWHERE = {
    "slug", "name", "name_en", "designations", "province", "city", "county", "adcode",
    "division_as_listed", "events", "platforms", "sources", "highlights", "notes", "location", "lead_industry_en",
    "lead_industry_source",  # shown as the lead industry's source
    "description",  # shown under the title (town_description.html)
}
_PROVENANCE_KEYS = {"source", "scope", "scope_note", "mirror"}
# How a field of a listed item (a backbone firm, a partner) reads beside its name.
_ITEM_FORMAT = {"annual_output_wan": "年产值 {} 万元", "as_of": "截至 {}", "rnd_institution": "研发机构：{}"}
# Facts every visitor looks for: shown as "unknown" when the record is silent.
_ALWAYS = ["lead_industry", "space.planned_area_mu", "space.core_area_mu"]


def _title(node: dict) -> str:
    return node.get("title", "")


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return schema("town")["$defs"][ref.split("/")[-1]] | {k: v for k, v in node.items() if k != "$ref"}
    return node


def wider(item: dict, labels: dict, kind: str) -> dict | None:
    """For an item about a wider area than the town: {area, zh, en}, the words that say so
    (labels.yml scope, by kind: fact, platform, context); None for the town's own."""
    if item.get("scope") != "wider":
        return None
    words = labels["scope"][kind]
    return dict(words, area=item.get("scope_note") or words["area"])


def _provenance(item: dict, labels: dict) -> dict:
    """A figure about a wider area, or read on a mirror, says so beside the figure; the source's
    words for the part of the town a figure covers (核心区, 起步区 …) stand beside it too."""
    within = item.get("scope_note") if item.get("scope") != "wider" else None
    return {"wider": wider(item, labels, "fact"), "mirror": bool(item.get("mirror")), "within": within}


def _fmt(value, labels) -> dict:
    """A value for display: {text, source?}."""
    if isinstance(value, bool):
        return {"text": "是 yes" if value else "否 no"}
    if isinstance(value, dict) and "text" in value:  # a sourced sentence (description)
        return {"text": value["text"], "source": value.get("source"), **_provenance(value, labels)}
    if isinstance(value, dict) and "unit" in value:  # a reported figure: as printed, with its unit and period
        text = _as_printed(value)
        period = value.get("as_of") or value.get("period")
        return {"text": text + (f"（{period}）" if period else ""), "source": value.get("source"),
                **_provenance(value, labels)}
    if isinstance(value, dict) and "value" in value:
        text = f"{value['value']:g}{value.get('qualifier', '')}"
        if value.get("year"):
            text += f"（{value['year']}年）"
        if value.get("as_of"):
            text += f"（截至 {value['as_of']}）"
        return {"text": text, "source": value.get("source"), **_provenance(value, labels)}
    if isinstance(value, float):
        return {"text": f"{value:g}"}
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "unit" in value[0]:
            return {"entries": [_fmt(item, labels) for item in value]}
        if value and isinstance(value[0], dict):
            return {"entries": [{"text": " · ".join(_ITEM_FORMAT.get(k, "{}").format(v) for k, v in item.items()
                                                 if not str(v).startswith("http") and k not in _PROVENANCE_KEYS),
                               "source": item.get("source"), **_provenance(item, labels)} for item in value]}
        return {"text": "、".join(str(v) for v in value)}
    return {"text": str(value)}


# Where a source's qualifier stands in Chinese: 约/近/超 before the number, 多/余 between number and
# unit, 以上 after the unit (约2200亩, 3000多家, 700家以上).
_BEFORE, _BETWEEN = ("约", "近", "超", "逾"), ("多", "余")


def _qualified(number, qualifier: str | None, unit: str) -> str:
    n = f"{number:g}"
    if not qualifier:
        return n + unit
    if qualifier in _BEFORE:
        return qualifier + n + unit
    if qualifier in _BETWEEN:
        return n + qualifier + unit
    return n + unit + qualifier


def _as_printed(value: dict) -> str:
    """A reported figure with its unit and qualifier: as printed where the record keeps the printed
    number (约53.6 → 约53.6亿元; 200以上 → 200家以上), else from value and qualifier."""
    number, qualifier, unit, printed = value["value"], value.get("qualifier"), value["unit"], value.get("printed")
    if not printed or (qualifier and str(printed) in (qualifier + f"{number:g}", f"{number:g}" + qualifier)):
        return _qualified(number, qualifier, unit)
    return str(printed) + unit


def fact_rows(record: dict, labels: dict) -> list[dict]:
    """The record's facts, each {label, key} and its value ({text, source?, wider?, mirror?},
    {entries: [...]} for a list of items, or {unknown: True}), labelled by the schema's titles."""
    props = schema("town")["properties"]
    facts = []
    for key in _ALWAYS[:1]:
        facts.append({"label": _title(props[key]), "key": key, **(_fmt(record[key], labels) if key in record
                                                                  else {"unknown": True})})
    source = record.get("lead_industry_source")
    if source and "lead_industry" in record:
        facts[-1] |= {"source": source.get("source"), **_provenance(source, labels)}
    if record.get("linked_industries"):
        facts.append({"label": _title(props["linked_industries"]), "key": "linked_industries",
                     **_fmt(record["linked_industries"], labels)})
    space = record.get("space", {})
    reported = record.get("figures", {})
    for key in ("planned_area_mu", "core_area_mu"):
        node = props["space"]["properties"][key]
        if key not in space and reported.get(key[: -len("_mu")]):
            continue  # known from a reported figure, shown with the figures
        facts.append({"label": _title(node), "key": f"space.{key}",
                     **(_fmt(space[key], labels) if key in space else {"unknown": True})})
    for key, node in props.items():
        if key in _SHOWN_ELSEWHERE or key in _ALWAYS or key in ("linked_industries",) or key not in record:
            continue
        node = _resolve(node)
        value = record[key]
        if node.get("type") == "object" and "properties" in node and isinstance(value, dict) and "text" not in value:
            for sub, subnode in node["properties"].items():
                if sub in value and not (key == "space" and sub in ("planned_area_mu", "core_area_mu")):
                    facts.append({"label": f"{_title(node).split(' ')[0]} · {_title(subnode)}", "key": f"{key}.{sub}",
                                 **_fmt(value[sub], labels)})
        else:
            facts.append({"label": _title(node), "key": key, **_fmt(value, labels)})
    return facts
