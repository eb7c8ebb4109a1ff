"""Maps for the site: which maps exist, where their files go, what points they show.

maps.py draws a map; this module decides the site's maps from the catalog: the overview
(one compact points file), one map per province and per programme, one shared small map for
the town pages, and the vendored Leaflet files they load.
"""
from __future__ import annotations

import json
from collections import defaultdict

from generator.outputs import assets, maps
from generator.outputs.context import Context, SiteMaps
from generator.outputs.files import VENDOR_DIR, Generated
from generator.outputs.urls import SITE, Urls

# Seen from a map document (maps/<name>.html): the site root, and the vendor folder.
FROM_MAP = Urls("../")
ASSET_BASE = FROM_MAP.path(VENDOR_DIR)


def _point(ctx: Context, t) -> dict:
    row = ctx.rows.place(t)
    return {
        "slug": t.slug, "name": t.name, "lon": t.point["lon"], "lat": t.point["lat"], "datum": t.point["datum"],
        "approximate": t.point["approximate"], "precision": t.point["precision"], "status": row.status.code,
        "status_label": row.status.words, "programme": row.programme, "programme_name": row.programme_name,
        "programmes": [(d.programme, d.programme_name) for d in row.designations],
        "province": t.province_code, "province_name": row.province,
        "url": FROM_MAP.town(t.slug),
    }


_DOCUMENTS: dict[str, str] = {}


def _document(make, *args, **kwargs) -> str:
    """A map document depends only on its arguments (the points are a separate file): made once
    per process, so a rebuild while serving does not redraw 40 unchanged maps."""
    key = json.dumps([make.__name__, args, kwargs], sort_keys=True, default=str)
    if key not in _DOCUMENTS:
        _DOCUMENTS[key] = make(*args, **kwargs)
    return _DOCUMENTS[key]


def generate(ctx: Context) -> list[Generated]:
    """The map documents and points files; leaves what they show in ctx.maps."""
    if not ctx.settings.maps:
        return []
    files, ctx.maps = make(ctx)
    return files


def make(ctx: Context) -> tuple[list[Generated], SiteMaps]:
    """(files, what the pages need of them): map documents, points files and vendored assets."""
    cat, provider = ctx.cat, ctx.settings.provider
    legend = maps.Legend.of(cat.labels)
    files = [Generated(VENDOR_DIR + dest, src.read_bytes()) for dest, src in assets.vendor_files(ctx.root).items()]
    located = [t for t in sorted(cat.towns, key=lambda t: t.slug) if t.point]
    points = [_point(ctx, t) for t in located]
    layers = {"status": list(legend.statuses), "programme": sorted(cat.programmes)}
    files.append(Generated(SITE.data("map-points.json"), maps.points_json(points, provider, legend=legend)))
    files.append(Generated(SITE.map("overview"), _document(
        maps.overview_map_html, FROM_MAP.data("map-points.json"), provider, ASSET_BASE, layers, legend=legend,
        title="小镇地图 Town map")))
    regions = defaultdict(list)
    for p in points:
        regions[("province", p["province"])].append(p)
        for pid, _ in p["programmes"]:
            regions[("programme", pid)].append(p)
    site_maps = SiteMaps(provider=provider, overview=SITE.map("overview"))
    province_names = {t.province_code: t.record["province"] for t in located}
    for (kind, key), pts in sorted(regions.items()):
        name = f"{kind}-{key}"
        # the map document's title is read out and shown: a name, never a code
        label = (province_names.get(key) if kind == "province"
                 else getattr(cat.programmes.get(key), "name", None)) or key
        files.append(Generated(SITE.map_points(name), maps.points_json(pts, provider, legend=legend)))
        files.append(Generated(SITE.map(name), _document(
            maps.region_map_html, FROM_MAP.map_points(name), provider, ASSET_BASE, layers, legend=legend,
            title=f"{label} 地图 map")))
        site_maps.regions[(kind, key)] = SITE.map(name)
    # One shared document for every town's small map; the point travels in the URL fragment.
    files.append(Generated(SITE.map("town"), _document(maps.shared_small_map_html, provider, ASSET_BASE, legend=legend)))
    for t, p in zip(located, points):
        site_maps.towns[t.slug] = SITE.map("town") + "#" + maps.small_map_fragment(p, provider, legend=legend)
    return files, site_maps
