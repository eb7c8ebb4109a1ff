"""Maps for the site: which maps exist, where their files go, what points they show.

maps.py draws a map; this module decides the site's maps from the catalog: the overview
(one compact points file), one map per province and per programme, one small map per
town page, and the vendored Leaflet files they load.
"""
from __future__ import annotations

import json
from collections import defaultdict

from generator.derive import geo
from generator.derive.rows import place_row
from generator.outputs import assets, maps
from generator.outputs.pages import Generated
from generator.records.model import Catalog

VENDOR_DIR = "assets/vendor/"


def _point(t, cat: Catalog, url_prefix: str) -> dict:
    row = place_row(cat, t)
    return {
        "slug": t.slug, "name": t.name, "lon": t.point["lon"], "lat": t.point["lat"], "datum": t.point["datum"],
        "approximate": t.point["approximate"], "precision": t.point["precision"], "status": t.status or "unknown",
        "status_label": f"{row['status']['zh']} {row['status']['en']}", "programme": row["programme"],
        "programme_name": row["programme_name"],
        "programmes": [(d["programme"], d["programme_name"]) for d in row["designations"]],
        "province": t.province_code, "province_name": row["province"],
        "url": f"{url_prefix}towns/{t.slug}/",
    }


_DOCUMENTS: dict[str, str] = {}


def _document(make, *args, **kwargs) -> str:
    """A map document depends only on its arguments (the points are a separate file): made once
    per process, so a rebuild while serving does not redraw 40 unchanged maps."""
    key = json.dumps([make.__name__, args, kwargs], sort_keys=True, default=str)
    if key not in _DOCUMENTS:
        _DOCUMENTS[key] = make(*args, **kwargs)
    return _DOCUMENTS[key]


def generate(ctx) -> list[Generated]:
    """The map documents and points files; leaves each town's small-map URL in ctx.extra."""
    if not ctx.settings.get("maps", True):
        return []
    files, extra = make(ctx.cat, ctx.settings, ctx.root)
    ctx.extra["maps"] = extra
    for slug, url in extra["towns"].items():
        ctx.extra["towns"][slug]["map_url"] = url
    return files


def make(cat: Catalog, settings: dict, root) -> tuple[list[Generated], dict]:
    """(files, per-page extras): map documents, points files and vendored assets."""
    provider = geo.provider(settings["tiles"], settings.get("tiles_key") or None)
    files = [Generated(VENDOR_DIR + dest, src.read_bytes()) for dest, src in assets.vendor_files(root).items()]
    located = [t for t in sorted(cat.towns, key=lambda t: t.slug) if t.point]
    points = [_point(t, cat, "../") for t in located]
    layers = {"status": list(maps.STATUSES), "programme": sorted(cat.programmes)}
    files.append(Generated("data/map-points.json", maps.points_json(points, provider)))
    files.append(Generated("maps/overview.html", _document(
        maps.overview_map_html, "../data/map-points.json", provider, "../" + VENDOR_DIR, layers, title="小镇地图 Town map")))
    regions = defaultdict(list)
    for p in points:
        regions[("province", p["province"])].append(p)
        for pid, _ in p["programmes"]:
            regions[("programme", pid)].append(p)
    extras: dict = {"regions": {}, "towns": {}}
    province_names = {t.province_code: t.record["province"] for t in located}
    for (kind, key), pts in sorted(regions.items()):
        name = f"{kind}-{key}"
        # the map document's title is read out and shown: a name, never a code
        label = (province_names.get(key) if kind == "province"
                 else getattr(cat.programmes.get(key), "name", None)) or key
        files.append(Generated(f"data/map/{name}.json", maps.points_json(pts, provider)))
        files.append(Generated(f"maps/{name}.html", _document(
            maps.region_map_html, f"../data/map/{name}.json", provider, "../" + VENDOR_DIR, layers,
            title=f"{label} 地图 map")))
        extras["regions"][(kind, key)] = f"maps/{name}.html"
    # One shared document for every town's small map; the point travels in the URL fragment.
    files.append(Generated("maps/town.html", _document(maps.shared_small_map_html, provider, "../" + VENDOR_DIR)))
    for t, p in zip(located, points):
        extras["towns"][t.slug] = "maps/town.html#" + maps.small_map_fragment(p, provider)
    extras["provider"] = provider
    return files, extras
