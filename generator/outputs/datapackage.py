"""datapackage.json (Frictionless Data Package v1) describing the files in data/.

Field lists come from tables.py, the same lists that write the CSV headers.
"""
from __future__ import annotations

import json

from generator.outputs.tables import DESIGNATION_FIELDS, LIST_FIELDS, PLATFORM_FIELDS, TOWN_FIELDS, http_url
from generator.records.model import Catalog

# Township points (precision "township") are GeoNames places, CC BY 4.0: credited as a source.
GEONAMES_SOURCE = {"title": "GeoNames — 乡镇点 township points (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/)",
                   "path": "https://www.geonames.org/"}
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 (the project's choice for its data)"}


def _schema(fields: list[tuple], key: str | None = None) -> dict:
    schema = {"fields": []}
    for name, type_, description in fields:
        field = {"name": name, "type": type_, "description": description}
        if type_ == "boolean":
            field |= {"trueValues": ["true"], "falseValues": ["false"]}
        schema["fields"].append(field)
    schema["missingValues"] = [""]
    if key:
        schema["primaryKey"] = key if isinstance(key, list) else [key]
    return schema


def _csv(name: str, path: str, title: str, fields: list[tuple], key=None) -> dict:
    return {"name": name, "path": path, "title": title, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": _schema(fields, key)}


def descriptor(cat: Catalog, site_url: str) -> bytes:
    sources = []
    seen = set()
    for lst in sorted(cat.lists.values(), key=lambda x: (x.date, x.id)):
        url = http_url(lst.source)
        if url and url not in seen:
            seen.add(url)
            sources.append({"title": lst.data.get("source_title") or lst.title, "path": url})
    if any(t.point and t.point["precision"] == "township" for t in cat.towns):
        sources.append(GEONAMES_SOURCE)
    package = {
        "profile": "data-package",
        "name": "town-directory",
        "title": "小镇名录 Town Directory",
        "description": "Chinese government-designated development towns (\"互联网+\" towns, innovation towns and "
                       "similar programmes): status from dated events, platforms and published lists. "
                       "Every fact on the site links its source.",
        "homepage": site_url,
        "licenses": [LICENSE],
        "sources": sources,
        "resources": [
            _csv("towns", "towns.csv", "Places, one row per place", TOWN_FIELDS, "slug"),
            _csv("designations", "designations.csv", "Designations, one row per place and programme", DESIGNATION_FIELDS,
                 ["town_slug", "programme"]),
            _csv("platforms", "platforms.csv", "Platforms inside towns", PLATFORM_FIELDS, ["town_slug", "index"]),
            _csv("lists", "lists.csv", "Published lists, one row per member", LIST_FIELDS, ["list_id", "town_slug"]),
            {"name": "towns-geojson", "path": "towns.geojson", "title": "Town points (RFC 7946, WGS-84)",
             "format": "geojson", "mediatype": "application/geo+json", "encoding": "utf-8"},
            {"name": "towns-json", "path": "towns.json", "title": "Full records with derived status and timeline",
             "format": "json", "mediatype": "application/json", "encoding": "utf-8"},
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")
