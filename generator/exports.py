"""Open data from the same model objects as the pages, so the two cannot disagree."""
from __future__ import annotations

import json

from .catalog import Catalog, Town

# Keys the generator adds beside a record's own fields in towns.json. A record cannot
# hold them (the schema forbids unknown fields), so stripping them gives the record back.
COMPUTED = ("status", "status_label", "candidate_category", "timeline", "criteria", "criteria_summary",
            "scheme", "lists", "url", "point", "province_code", "file")

_EVENT_KEYS = ("type", "date", "category", "list", "document", "year", "grade", "note", "source")


def town_entry(t: Town, labels: dict, site_url: str) -> dict:
    status = labels["status"].get(t.status) if t.status else None
    return {
        **t.record,
        "status": t.status,
        "status_label": {"zh": status["zh"], "en": status["en"]} if status else None,
        "candidate_category": t.candidate_category,
        "timeline": [{k: e[k] for k in _EVENT_KEYS if e.get(k) is not None} for e in t.timeline],
        "scheme": t.scheme_id,
        "criteria": [{k: c[k] for k in ("id", "result", "value", "value_basis", "requirement", "clause")} for c in t.criteria],
        "criteria_summary": t.criteria_summary,
        "lists": [{"list": m["list"]["id"], "position": m["position"], "category": m["member"].get("category"),
                   "name_as_published": m["member"]["name_as_published"]} for m in t.lists],
        "url": f"{site_url}towns/{t.slug}/",
        "point": t.point,
        "province_code": t.province_code,
        "file": t.file,
    }


def public_record(entry: dict) -> dict:
    """The record's own public content from a towns.json entry (the inverse of town_entry)."""
    return {k: v for k, v in entry.items() if k not in COMPUTED}


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def towns_json(cat: Catalog, site_url: str) -> tuple[bytes, dict[str, bytes]]:
    """towns.json and one JSON file per town page."""
    entries = [town_entry(t, cat.labels, site_url) for t in sorted(cat.towns, key=lambda t: t.slug)]
    per_town = {e["slug"]: dumps(e) for e in entries}
    return dumps({"count": len(entries), "towns": entries}), per_town
