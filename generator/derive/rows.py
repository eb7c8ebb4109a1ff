"""One display row per place, built once and read by every output: pages, towns.json,
the CSVs, GeoJSON, map points and the directory's data. A page and its export cannot
disagree because they print the same row.
"""
from __future__ import annotations

from generator.derive import lifecycle
from generator.derive.criteria import quantity


def status_label(labels: dict, code: str | None) -> dict:
    code = code or "unknown"
    return {"code": code, **labels["status"][code]}


def _listed(timeline: list[dict]) -> str | None:
    first = next((e for e in timeline if e["type"] in ("listed", "named")), None)
    return lifecycle.shown_date(first["date"], first.get("date_precision")) if first else None


def designation_row(cat, d) -> dict:
    prog = d.programme
    return {
        "programme": d.programme_id, "programme_name": prog.label if prog else d.programme_id,
        "programme_full_name": prog.name if prog else d.programme_id, "run_by": prog.run_by if prog else None,
        "run_by_kind": prog.run_by_kind if prog else None, "government": bool(prog and prog.government),
        "batch": d.batch, "town_type": d.town_type, "name": d.record.get("name"),
        "status": status_label(cat.labels, d.status), "category": d.category, "decided_by": d.decided_by,
        # only the year when that is all the list gives: never a made-up 1 January
        "listed": _listed(d.timeline),
    }


def place_row(cat, t) -> dict:
    """The row of a place: identity, place facts, its lead designation's fields at the top
    (for one-badge places such as map markers) and every designation under `designations`."""
    cache = cat.__dict__.setdefault("_rows", {})
    row = cache.get(t.slug)
    if row is not None:
        return row
    r = t.record
    designations = [designation_row(cat, d) for d in t.designations]
    lead = designations[t.designations.index(t.lead)]
    row = cache[t.slug] = {
        "slug": t.slug, "name": t.name, "name_en": r.get("name_en"), "province": r["province"],
        "province_code": t.province_code, "city": r.get("city", ""), "county": r.get("county", ""),
        "adcode": r.get("adcode"),
        "programme": lead["programme"], "programme_name": lead["programme_name"], "town_type": lead["town_type"],
        "batch": lead["batch"], "status": lead["status"], "category": lead["category"], "decided_by": lead["decided_by"],
        "government_named": any(d["status"]["code"] == "named" and d["government"] for d in designations),
        "listed": min((d["listed"] for d in designations if d["listed"]), default=None),
        "designations": designations,
        "programmes": [d["programme"] for d in designations],
        "planned_area": quantity(r.get("space", {}).get("planned_area_mu")),
        "lead_industry": r.get("lead_industry"),
        "platform_kinds": sorted({p["kind"] for p in r.get("platforms", [])}),
        "platforms_named": len(r.get("platforms", [])),
        "platform_count_reported": quantity(r.get("platform_count")),
        "point": t.point,
    }
    return row


def row_in_programme(cat, t, programme_id: str) -> dict:
    """The place's row as one programme sees it: that designation's status, batch and type."""
    row = place_row(cat, t)
    d = next((x for x in row["designations"] if x["programme"] == programme_id), None)
    if d is None or d["programme"] == row["programme"]:
        return row
    return row | {k: d[k] for k in ("programme", "programme_name", "town_type", "batch", "status", "category",
                                     "decided_by", "listed")}
