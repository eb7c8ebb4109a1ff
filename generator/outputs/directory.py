"""The directory (faceted browse), platforms, open-data and search pages, and data/directory.json.

directory.json is columnar with short keys so 10,000 towns stay small: value tables once
(`v`), then one array per column holding indexes into them. directory.js reads it.
"""
from __future__ import annotations

import json
from collections import Counter

from generator.outputs import exports


from generator.outputs import pages
from generator.records.model import Catalog

# (facet key in the URL, label zh, label en)
FACETS = [
    ("province", "省份", "Province"), ("city", "地级市", "City"), ("programme", "计划", "Programme"),
    ("type", "小镇类型", "Town type"), ("status", "状态", "Status"), ("batch", "批次", "Batch"),
    ("year", "列入年份", "Year listed"), ("industry", "主导产业", "Lead industry"), ("kind", "平台类型", "Platform kind"),
]


def directory_json(cat: Catalog, view: pages.View) -> bytes:
    rows = [view.town_row(t) for t in sorted(cat.towns, key=lambda t: t.slug)]
    tables: dict[str, list] = {k: [] for k, *_ in FACETS}
    index: dict[str, dict] = {k: {} for k, *_ in FACETS}

    def idx(facet: str, value) -> int:
        if value is None or value == "":
            return -1
        if value not in index[facet]:
            index[facet][value] = len(tables[facet])
            tables[facet].append(value)
        return index[facet][value]

    def each(facet: str, values) -> list[int]:
        """A place counts once per value: a place under two programmes is in both."""
        return sorted({i for i in (idx(facet, v) for v in values) if i >= 0})

    programme_names = {}
    # One entry per designation for the columns a designation owns ("d*"), one per place for the rest.
    cols = {k: [] for k in ("slug", "name", "county", "listed", "area", "category", "dprog", "dstatus", "dcat",
                            *[f for f, *_ in FACETS])}
    for r in rows:
        ds = r["designations"]
        for d in ds:
            programme_names[d["programme"]] = d["programme_name"]
        cols["slug"].append(r["slug"])
        cols["name"].append(r["name"])
        cols["county"].append(r["county"] or "")
        cols["listed"].append(r["listed"] or "")
        cols["area"].append(r["planned_area"])
        cols["category"].append(r["category"] or "")
        cols["province"].append(idx("province", r["province"]))
        cols["city"].append(idx("city", r["city"]))
        cols["programme"].append(each("programme", [d["programme"] for d in ds]))
        cols["type"].append(each("type", [d["town_type"] for d in ds]))
        cols["status"].append(each("status", [d["status"]["code"] for d in ds]))
        cols["batch"].append(each("batch", [d["batch"] for d in ds]))
        cols["year"].append(each("year", [int(d["listed"][:4]) for d in ds if d["listed"]]))
        cols["industry"].append(idx("industry", r["lead_industry"]))
        cols["kind"].append(each("kind", r["platform_kinds"]))
        cols["dprog"].append([idx("programme", d["programme"]) for d in ds])
        cols["dstatus"].append([idx("status", d["status"]["code"]) for d in ds])
        cols["dcat"].append([d["category"] or "" for d in ds])
    labels = {"status": {code: view.status(None if code == "unknown" else code) for code in tables["status"]},
              "programme": {pid: programme_names[pid] for pid in tables["programme"]}}
    return exports.dumps({"n": len(rows), "v": tables, "labels": labels, "c": cols})


def _render(env, path: str, template: str, view, site, **ctx) -> pages.Generated:
    return pages.Generated(path, env.get_template(template).render(base=pages.base_of(path), view=view, site=site, **ctx),
                           html=True)


def generate(ctx) -> list[pages.Generated]:
    return make(ctx.cat, ctx.settings)


def make(cat: Catalog, site: dict) -> list[pages.Generated]:
    """The directory, platforms, data and search pages, and data/directory.json."""
    env = pages._env()
    view = pages.View(cat, site)
    towns = sorted(cat.towns, key=lambda t: t.slug)
    out = [pages.Generated("data/directory.json", directory_json(cat, view))]
    # Directory: the no-JavaScript base list is every town, names only, grouped by province.
    by_province = []
    for code, ts in sorted(view.provinces.items()):
        by_province.append({"code": code, "name": ts[0].record["province"],
                            "towns": [{"slug": t.slug, "name": t.name, "status": view.status(t.status)}
                                      for t in sorted(ts, key=lambda t: t.name)]})
    out.append(_render(env, "directory/index.md", "directory.html", view, site, facets=FACETS,
                       by_province=by_province, total=len(towns)))
    # Platforms by kind, then town.
    from generator.records.validate import schema

    order = schema("town")["$defs"]["platform_kind"]["enum"]
    groups: dict[str, list] = {k: [] for k in order}
    for t in towns:
        row = view.town_row(t)
        for p in t.platforms:
            groups.setdefault(p.kind, []).append({"p": p, "index": p.index, "row": row})
    out.append(_render(env, "platforms/index.md", "platforms.html", view, site,
                       groups=[{"kind": k, "items": v} for k, v in groups.items() if v],
                       total=sum(len(v) for v in groups.values()),
                       counts=Counter({k: len(v) for k, v in groups.items()})))
    # Open data: files, fields, licence.
    from generator.outputs.datapackage import LICENSE

    out.append(_render(env, "data/index.md", "data.html", view, site, license=LICENSE, files=[
        {"path": "towns.csv", "title": "小镇 Towns", "fields": exports.TOWN_FIELDS},
        {"path": "designations.csv", "title": "认定 Designations", "fields": exports.DESIGNATION_FIELDS},
        {"path": "platforms.csv", "title": "平台 Platforms", "fields": exports.PLATFORM_FIELDS},
        {"path": "lists.csv", "title": "名单成员 List members", "fields": exports.LIST_FIELDS},
    ], counts={"towns": len(towns), "lists": len(cat.lists)}))
    # Search page: filter values come from the catalog (no filter download before a query).
    values = {
        "status": [f"{view.status(s)['zh']} {view.status(s)['en']}" for s in pages.STATUS_ORDER
                   if any(d.status == s for t in towns for d in t.designations)],
        "programme": sorted({d["programme_name"] for t in towns for d in view.town_row(t)["designations"]}),
        "province": sorted({t.record["province"] for t in towns}),
        "town_type": sorted({d.town_type for t in towns for d in t.designations if d.town_type}),
        "platform_kind": [k for k in order if groups.get(k)],
    }
    status_labels = {code: view.status(None if code == "unknown" else code)
                     for code in [*pages.STATUS_ORDER, "unknown"]}
    out.append(_render(env, "search/index.md", "search.html", view, site, values=values,
                       labels_json=json.dumps(status_labels, ensure_ascii=False)))
    return out
