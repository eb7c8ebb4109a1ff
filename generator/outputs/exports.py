"""Open data from the same model objects as the pages, so the two cannot disagree."""
from __future__ import annotations

import json

from generator.derive import lifecycle
from generator.derive.rows import place_row
from generator.outputs import datapackage
from generator.outputs.tables import (  # noqa: F401 (the field lists are part of this module's interface)
    DESIGNATION_FIELDS, LIST_FIELDS, PLATFORM_FIELDS, TOWN_FIELDS, http_url,
)
from generator.records.model import Catalog, Town

# Keys the generator adds beside a record's own fields in towns.json. A record cannot
# hold them (the schema forbids unknown fields), so stripping them gives the record back.
COMPUTED = ("status", "status_label", "derived", "url", "point", "province_code", "file")

_EVENT_KEYS = ("type", "date", "date_precision", "category", "list", "document", "year", "grade", "decided_by", "note",
               "source")


def designation_entry(d, row: dict) -> dict:
    """What the build derives for one designation: status, timeline, lists, criteria."""
    return {
        "programme": d.programme_id,
        "status": d.status,
        "status_label": {"zh": row["status"]["zh"], "en": row["status"]["en"]} if d.status else None,
        "category": d.category,
        "decided_by": row["decided_by"],
        "timeline": [{k: e[k] for k in _EVENT_KEYS if e.get(k) is not None} for e in d.timeline],
        "scheme": d.scheme_id,
        "criteria": [{k: c[k] for k in ("id", "result", "value", "value_basis", "requirement", "clause")} for c in d.criteria],
        "criteria_summary": d.criteria_summary,
        "lists": [{"list": m["list"].id, "position": m["position"], "category": m["member"].get("category"),
                   "name_as_published": m["member"]["name_as_published"]} for m in d.lists],
    }


def town_entry(t: Town, cat: Catalog, site_url: str) -> dict:
    row = place_row(cat, t)
    return {
        **t.record,
        "status": t.status,
        "status_label": {"zh": row["status"]["zh"], "en": row["status"]["en"]} if t.status else None,
        # one entry per designation, in the record's order
        "derived": [designation_entry(d, r) for d, r in zip(t.designations, row["designations"])],
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
    entries = [town_entry(t, cat, site_url) for t in sorted(cat.towns, key=lambda t: t.slug)]
    per_town = {e["slug"]: dumps(e) for e in entries}
    return dumps({"count": len(entries), "towns": entries}), per_town


# ---- flat files: CSV and GeoJSON ------------------------------------------------------------


def wgs84(point: dict | None) -> tuple[float, float] | None:
    if not point:
        return None
    lon, lat = point["lon"], point["lat"]
    if point.get("datum") == "gcj02":
        from generator.derive.geo import gcj02_to_wgs84

        lon, lat = gcj02_to_wgs84(lon, lat)
    return round(lon, 6), round(lat, 6)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def csv_bytes(fields: list[tuple], rows: list[dict]) -> bytes:
    """UTF-8 with BOM (Excel opens Chinese correctly), CRLF, every cell neutralised."""
    import csv
    import io

    from generator.outputs.pages import neutralise

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f[0] for f in fields])
    for row in rows:
        writer.writerow([neutralise(_cell(row.get(f[0]))) for f in fields])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")






def town_rows(cat: Catalog, site_url: str) -> list[dict]:
    rows = []
    for t in sorted(cat.towns, key=lambda t: t.slug):
        row = place_row(cat, t)
        ll = wgs84(t.point)
        rows.append({
            **{k: row[k] for k in ("slug", "name", "name_en", "province", "province_code", "city", "county", "adcode",
                                   "programme", "programme_name", "batch", "town_type", "category", "government_named",
                                   "listed", "lead_industry", "platforms_named", "platform_count_reported")},
            "city": row["city"] or None, "county": row["county"] or None,
            "designations": len(row["designations"]), "programmes": "; ".join(row["programmes"]),
            "status": t.status, "status_zh": row["status"]["zh"] if t.status else None,
            "planned_area_mu": row["planned_area"],
            "lon": ll[0] if ll else None, "lat": ll[1] if ll else None,
            "approximate": t.point["approximate"] if t.point else None,
            "precision": t.point["precision"] if t.point else None,
            "url": f"{site_url}towns/{t.slug}/",
        })
    return rows


def designation_rows(cat: Catalog, site_url: str) -> list[dict]:
    rows = []
    for t in sorted(cat.towns, key=lambda t: t.slug):
        for d in place_row(cat, t)["designations"]:
            rows.append({
                "town_slug": t.slug, "town_name": t.name,
                **{k: d[k] for k in ("programme", "programme_name", "run_by", "name", "batch", "town_type", "category",
                                     "decided_by", "listed")},
                "status": None if d["status"]["code"] == "unknown" else d["status"]["code"],
                "status_zh": None if d["status"]["code"] == "unknown" else d["status"]["zh"],
                "url": f"{site_url}towns/{t.slug}/#designation-{d['programme']}",
            })
    return rows


def platform_rows(cat: Catalog, site_url: str) -> list[dict]:
    rows = []
    for t in sorted(cat.towns, key=lambda t: t.slug):
        for p in t.platforms:
            rows.append({
                "town_slug": t.slug, "town_name": t.name, "index": p.index, "name": p.name, "kind": p.kind,
                "level": p.level, "wider_area": p.wider,
                "website": http_url(p.url), "note": p.data.get("note"), "source": http_url(p.source),
                "province": t.record["province"], "status": t.status,
                "url": f"{site_url}towns/{t.slug}/#platform-{p.index}",
            })
    return rows


def list_rows(cat: Catalog, site_url: str) -> list[dict]:
    rows = []
    for lid, lst in sorted(cat.lists.items(), key=lambda kv: (kv[1].date, kv[0])):
        for m in lst.members:
            rows.append({
                "list_id": lid, "list_title": lst.title, "list_date": lifecycle.shown_date(lst.date, lst.date_precision), "list_kind": lst.kind,
                "programme": lst.programme, "batch": lst.batch, "position": m.get("position"),
                "name_as_published": m["name_as_published"], "category": m.get("category"),
                "town_slug": m["town"], "town_url": f"{site_url}towns/{m['town']}/", "note": m.get("note"),
                "source": http_url(lst.source),
            })
    return rows


def geojson(cat: Catalog, rows: list[dict]) -> bytes:
    """RFC 7946: WGS-84, [lon, lat]; a town without a point is a feature with null geometry.
    `rows` are `town_rows(...)`, computed once for the CSV and this file."""
    features = []
    for row, t in zip(rows, sorted(cat.towns, key=lambda t: t.slug)):
        geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if row["lon"] is not None else None
        features.append({
            "type": "Feature", "id": t.slug, "geometry": geometry,
            "properties": {"name": t.name, "slug": t.slug, "status": t.status, "approximate": row["approximate"],
                           "precision": row["precision"], "programme": row["programme"],
                           "programmes": row["programmes"].split("; "),
                           "province": row["province"], "url": row["url"]},
        })
    return dumps({"type": "FeatureCollection", "features": features})


def generate(ctx) -> list:
    """towns.json, one JSON per town page, the CSVs, GeoJSON and datapackage.json; leaves each
    town's entry in ctx.extra["town_json"] (the town page's fingerprint reads it)."""
    from generator.outputs.pages import Generated

    site_url = ctx.settings["site_url"]
    whole, per_town = towns_json(ctx.cat, site_url)
    ctx.extra["town_json"] = per_town
    return ([Generated("data/towns.json", whole)]
            + [Generated(f"data/towns/{slug}.json", body) for slug, body in per_town.items()]
            + [Generated(f"data/{name}", body) for name, body in open_data(ctx.cat, site_url).items()])


def open_data(cat: Catalog, site_url: str) -> dict[str, bytes]:
    """Every file under data/ beside towns.json, by file name."""
    rows = town_rows(cat, site_url)
    files = {
        "towns.csv": csv_bytes(TOWN_FIELDS, rows),
        "platforms.csv": csv_bytes(PLATFORM_FIELDS, platform_rows(cat, site_url)),
        "lists.csv": csv_bytes(LIST_FIELDS, list_rows(cat, site_url)),
        "designations.csv": csv_bytes(DESIGNATION_FIELDS, designation_rows(cat, site_url)),
        "towns.geojson": geojson(cat, rows),
    }
    files["datapackage.json"] = datapackage.descriptor(cat, site_url)
    return files
