"""Open data from the same model objects and rows as the pages, so the two cannot disagree:
towns.json, one JSON per town page, the CSVs, GeoJSON, datapackage.json, and the open-data
page that describes them."""
from __future__ import annotations

from generator.derive import lifecycle
from generator.outputs import datapackage
from generator.outputs.context import Context
from generator.outputs.files import Generated, csv_bytes, dumps
from generator.outputs.rows import DesignationRow, Rows
from generator.outputs.tables import DESIGNATION_FIELDS, LIST_FIELDS, PLATFORM_FIELDS, TOWN_FIELDS, http_url
from generator.outputs.urls import SITE, Urls
from generator.records.model import Catalog, Designation, Town

# Keys the generator adds beside a record's own fields in towns.json. A record cannot
# hold them (the schema forbids unknown fields), so stripping them gives the record back.
COMPUTED = ("status", "status_label", "derived", "url", "point", "province_code", "file")

_EVENT_KEYS = ("type", "date", "date_precision", "category", "list", "document", "year", "grade", "decided_by", "note",
               "source")


def designation_entry(d: Designation, row: DesignationRow) -> dict:
    """What the build derives for one designation: status, timeline, lists, criteria."""
    return {
        "programme": d.programme_id,
        "status": d.status,
        "status_label": {"zh": row.status.zh, "en": row.status.en} if d.status else None,
        "category": d.category,
        "decided_by": row.decided_by,
        "timeline": [{k: e[k] for k in _EVENT_KEYS if e.get(k) is not None} for e in d.timeline],
        "scheme": d.scheme_id,
        "criteria": [{k: c[k] for k in ("id", "result", "value", "value_basis", "requirement", "clause")} for c in d.criteria],
        "criteria_summary": d.criteria_summary,
        "lists": [{"list": m["list"].id, "position": m["position"], "category": m["member"].get("category"),
                   "name_as_published": m["member"]["name_as_published"]} for m in d.lists],
    }


def town_entry(t: Town, places: Rows, urls: Urls) -> dict:
    row = places.place(t)
    return {
        **t.record,
        "status": t.status,
        "status_label": {"zh": row.status.zh, "en": row.status.en} if t.status else None,
        # one entry per designation, in the record's order
        "derived": [designation_entry(d, r) for d, r in zip(t.designations, row.designations)],
        "url": urls.town(t.slug),
        "point": t.point,
        "province_code": t.province_code,
        "file": t.file,
    }


def towns_json(cat: Catalog, places: Rows, urls: Urls) -> tuple[bytes, dict[str, bytes]]:
    """towns.json and one JSON file per town page."""
    entries = [town_entry(t, places, urls) for t in sorted(cat.towns, key=lambda t: t.slug)]
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


def _table(fields: list[tuple], records: list[dict]) -> bytes:
    """A CSV whose header and columns are the field list (tables.py), one line per record."""
    return csv_bytes([f[0] for f in fields], ([r.get(f[0]) for f in fields] for r in records))


def town_lines(ctx: Context) -> list[dict]:
    """towns.csv: one line per place, its lead designation's fields."""
    lines = []
    for t in sorted(ctx.cat.towns, key=lambda t: t.slug):
        row = ctx.rows.place(t)
        ll = wgs84(t.point)
        lines.append({
            **{k: getattr(row, k) for k in ("slug", "name", "name_en", "province", "province_code", "city", "county",
                                            "adcode", "programme", "programme_name", "batch", "town_type", "category",
                                            "government_named", "listed", "lead_industry", "platforms_named",
                                            "platform_count_reported")},
            "city": row.city or None, "county": row.county or None,
            "designations": len(row.designations), "programmes": "; ".join(row.programmes),
            "status": t.status, "status_zh": row.status.zh if t.status else None,
            "planned_area_mu": row.planned_area,
            "lon": ll[0] if ll else None, "lat": ll[1] if ll else None,
            "approximate": t.point["approximate"] if t.point else None,
            "precision": t.point["precision"] if t.point else None,
            "url": ctx.public.town(t.slug),
        })
    return lines


def designation_lines(ctx: Context) -> list[dict]:
    lines = []
    for t in sorted(ctx.cat.towns, key=lambda t: t.slug):
        for d in ctx.rows.place(t).designations:
            lines.append({
                "town_slug": t.slug, "town_name": t.name,
                **{k: getattr(d, k) for k in ("programme", "programme_name", "run_by", "name", "batch", "town_type",
                                              "category", "decided_by", "listed")},
                "status": d.status.code if d.status.known else None,
                "status_zh": d.status.zh if d.status.known else None,
                "url": ctx.public.designation(t.slug, d.programme),
            })
    return lines


def platform_lines(ctx: Context) -> list[dict]:
    lines = []
    for t in sorted(ctx.cat.towns, key=lambda t: t.slug):
        for p in t.platforms:
            lines.append({
                "town_slug": t.slug, "town_name": t.name, "index": p.index, "name": p.name, "kind": p.kind,
                "level": p.level, "wider_area": p.wider,
                "website": http_url(p.url), "note": p.data.get("note"), "source": http_url(p.source),
                "province": t.record["province"], "status": t.status,
                "url": ctx.public.platform(t.slug, p.index),
            })
    return lines


def list_lines(ctx: Context) -> list[dict]:
    lines = []
    for lid, lst in sorted(ctx.cat.lists.items(), key=lambda kv: (kv[1].date, kv[0])):
        for m in lst.members:
            lines.append({
                "list_id": lid, "list_title": lst.title, "list_date": lifecycle.shown_date(lst.date, lst.date_precision),
                "list_kind": lst.kind, "programme": lst.programme, "batch": lst.batch, "position": m.get("position"),
                "name_as_published": m["name_as_published"], "category": m.get("category"),
                "town_slug": m["town"], "town_url": ctx.public.town(m["town"]), "note": m.get("note"),
                "source": http_url(lst.source),
            })
    return lines


def geojson(cat: Catalog, lines: list[dict]) -> bytes:
    """RFC 7946: WGS-84, [lon, lat]; a town without a point is a feature with null geometry.
    `lines` are `town_lines(...)`, computed once for the CSV and this file."""
    features = []
    for line, t in zip(lines, sorted(cat.towns, key=lambda t: t.slug)):
        geometry = {"type": "Point", "coordinates": [line["lon"], line["lat"]]} if line["lon"] is not None else None
        features.append({
            "type": "Feature", "id": t.slug, "geometry": geometry,
            "properties": {"name": t.name, "slug": t.slug, "status": t.status, "approximate": line["approximate"],
                           "precision": line["precision"], "programme": line["programme"],
                           "programmes": line["programmes"].split("; "),
                           "province": line["province"], "url": line["url"]},
        })
    return dumps({"type": "FeatureCollection", "features": features})


def generate(ctx: Context) -> list[Generated]:
    """towns.json, one JSON per town page, the CSVs, GeoJSON, datapackage.json and the open-data
    page; leaves each town's entry in ctx.town_json (the town page's fingerprint reads it)."""
    whole, ctx.town_json = towns_json(ctx.cat, ctx.rows, ctx.public)
    return ([Generated(SITE.data("towns.json"), whole)]
            + [Generated(SITE.town_data(slug), body) for slug, body in ctx.town_json.items()]
            + [Generated(SITE.data(name), body) for name, body in open_data(ctx).items()]
            + [data_page(ctx)])


def open_data(ctx: Context) -> dict[str, bytes]:
    """Every file under data/ beside towns.json, by file name."""
    towns = ctx.town_lines = town_lines(ctx)
    files = {
        "towns.csv": _table(TOWN_FIELDS, towns),
        "platforms.csv": _table(PLATFORM_FIELDS, platform_lines(ctx)),
        "lists.csv": _table(LIST_FIELDS, list_lines(ctx)),
        "designations.csv": _table(DESIGNATION_FIELDS, designation_lines(ctx)),
        "towns.geojson": geojson(ctx.cat, towns),
    }
    files["datapackage.json"] = datapackage.descriptor(ctx.cat, ctx.settings.site_url)
    return files


# The open-data page lists these CSVs with their fields, from the same lists as their headers.
DATA_PAGE_FILES = [
    {"path": "towns.csv", "title": "小镇 Towns", "fields": TOWN_FIELDS},
    {"path": "designations.csv", "title": "认定 Designations", "fields": DESIGNATION_FIELDS},
    {"path": "platforms.csv", "title": "平台 Platforms", "fields": PLATFORM_FIELDS},
    {"path": "lists.csv", "title": "名单成员 List members", "fields": LIST_FIELDS},
]


def data_page(ctx: Context) -> Generated:
    """/data/: the files, their fields and the licence."""
    return ctx.render.page("data/index.md", "data.html", license=datapackage.LICENSE, files=DATA_PAGE_FILES,
                           counts={"towns": len(ctx.cat.towns), "lists": len(ctx.cat.lists)})
