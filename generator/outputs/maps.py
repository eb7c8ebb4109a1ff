"""Map pages built with folium, with every script and stylesheet served from the site.

No MkDocs import: the generator passes plain dicts and writes the returned strings. What a
status or a precision looks like comes from labels.yml, as a ``Legend``.

* ``points_json(points, provider, legend=…)`` – one compact data file for the overview / region
  maps (``prepare_points`` also reports which points were shifted to the provider's datum).
* ``overview_map_html(points_url, provider, asset_base, layers, legend=…)`` – full HTML document
  (meant for an ``<iframe title=…>``) that fetches ``points_url``, clusters the towns in the
  browser, draws a symbol + colour per status (hollow dashed = approximate location), and offers
  a filter control by status and by programme.  Popups are built with DOM calls
  (``textContent`` / ``setAttribute``): names are never parsed as HTML.
* ``region_map_html(...)`` – the same map for a province or programme (the caller writes its
  points file).
* ``shared_small_map_html(provider, asset_base, legend=…)`` – one small-map document for every
  town page; ``small_map_fragment`` places a town on it.

``asset_base`` is the URL of the vendor folder as seen from the map document, ending with
``/`` (e.g. ``"../assets/vendor/"``); ``generator.outputs.assets.vendor_files`` lists its content.
Map documents must be served over http(s) (``fetch`` of the data file does not work from
``file://``).
"""

from __future__ import annotations

import html as _html
import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import folium
from folium.elements import JSCSSMixin
from folium.template import Template

from generator.derive.geo import in_mainland_china, normalise_datum, to_datum

__all__ = [
    "Legend",
    "POINTS_ATTRIBUTION",
    "PreparedPoints",
    "asset_urls",
    "overview_map_html",
    "points_json",
    "prepare_points",
    "region_map_html",
    "shared_small_map_html",
    "small_map_fragment",
]

# Township points come from GeoNames (CC BY 4.0), which asks for credit wherever they are shown.
POINTS_ATTRIBUTION = ('乡镇点 Township points: <a href="https://www.geonames.org/">GeoNames</a> '
                      '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>)')

_CHINA_CENTER = (35.0, 104.0)
_CHINA_ZOOM = 4
APPROX_SHORT = "近似位置 approximate"  # an approximate point whose precision says no more


# What a county or city point stands for, where labels.yml `stands_for` has no Chinese words.
_DIVISION_ZH = {"county": "小镇所在的县（区、市）", "city": "小镇所在的地级市"}


@dataclass(frozen=True)
class Legend:
    """What the map script shows for each status and precision, from labels.yml (which each
    map's config carries to the script): the status words, symbols, marker shapes and colours in
    legend order (unknown last), the precisions in the points file's order, the approximate-point
    label and the small map's zoom of each precision."""

    statuses: dict[str, dict]
    precisions: tuple[str, ...]
    approx: dict[str, str]
    zoom: dict[str, int]
    names: dict[str, str] = None  # precision -> "zh en", for the filter
    stands_for: dict[str, str] = None  # precision -> what such a point stands for, in words

    @classmethod
    def of(cls, labels: Mapping) -> Legend:
        precision = labels["precision"]
        return cls(
            statuses={code: {"code": code, **v} for code, v in labels["status"].items()},
            precisions=tuple(precision),
            approx={"exact": APPROX_SHORT, **{k: f"{v['zh']} {v['en']}" for k, v in precision.items() if k != "exact"}},
            zoom={k: v["zoom"] for k, v in precision.items()},
            names={k: f"{v['zh']} {v['en']}" for k, v in precision.items()},
            stands_for={k: f"点代表{v.get('zh') or _DIVISION_ZH.get(k, '所在行政区')}，不是小镇本身。{v.get('en', '')}".strip()
                        for k, v in labels.get("stands_for", {}).items()},
        )

    def status(self, code: Any) -> str:
        return code if code in self.statuses else "unknown"

    def precision(self, code: Any) -> str:
        return code if code in self.precisions else "exact"


def _js_literal(obj: Any) -> str:
    """JSON safe to put inside an HTML <script> element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


class _TownLayer(JSCSSMixin):
    """Our markers and controls: the script and stylesheet are files the site serves
    (overrides/assets/js/townmap.js, css/townmap.css); the document only calls one function of
    the script with its map and config. The markercluster assets are set per instance."""

    _template = Template("""
{% macro script(this, kwargs) %}{{ this.call }}({{ this._parent.get_name() }}, {{ this.cfg_js }});{% endmacro %}
""")

    def __init__(self, call: str, cfg: Any, default_js=(), default_css=()):
        super().__init__()
        self._name = "TownLayer"
        self.default_js = list(default_js)
        self.default_css = list(default_css)
        self.call = call
        self.cfg_js = _js_literal(cfg)


def asset_urls(asset_base: str) -> dict[str, str]:
    base = asset_base if asset_base.endswith("/") else asset_base + "/"
    # the site's own assets sit beside the vendor folder: <assets>/vendor/ and <assets>/js/
    site = base[: -len("vendor/")] if base.endswith("vendor/") else base + "../"
    return {
        "common_js": site + "js/tb-common.js",
        "townmap_js": site + "js/townmap.js",
        "townmap_css": site + "css/townmap.css",
        "common_css": site + "css/tb-common.css",
        "leaflet_js": base + "leaflet/leaflet.js",
        "leaflet_css": base + "leaflet/leaflet.css",
        "markercluster_js": base + "leaflet.markercluster/leaflet.markercluster.js",
        "markercluster_css": base + "leaflet.markercluster/MarkerCluster.css",
        "markercluster_default_css": base + "leaflet.markercluster/MarkerCluster.Default.css",
    }


def _base_map(provider: Mapping, asset_base: str, *, location, zoom: int, title: str, **opts) -> folium.Map:
    urls = asset_urls(asset_base)
    fig = folium.Figure(title=_html.escape(title))  # branca does not escape the title
    m = folium.Map(
        location=list(location),
        zoom_start=zoom,
        tiles=None,
        max_zoom=provider.get("max_zoom", 18),
        min_zoom=3,
        control_scale=True,
        **opts,
    )
    # instance attributes: never mutate folium's class-level lists
    m.default_js = [("leaflet", urls["leaflet_js"])]
    m.default_css = [("leaflet_css", urls["leaflet_css"])]
    fig.add_child(m)
    subdomains = provider.get("subdomains") or "abc"
    folium.TileLayer(
        tiles=provider["url"],
        attr=_html.escape(provider["attribution"], quote=False),
        name=provider.get("label", provider.get("name", "tiles")),
        subdomains=subdomains,
        max_zoom=provider.get("max_zoom", 18),
        control=False,
    ).add_to(m)
    for i, url in enumerate(provider.get("overlays") or []):
        folium.TileLayer(
            tiles=url, attr=" ", name=f"labels{i}", subdomains=subdomains,
            max_zoom=provider.get("max_zoom", 18), overlay=True, control=False,
        ).add_to(m)
    return m


_VIEWPORT_RE = re.compile(r'<meta name="viewport" content="[^"]*"\s*/>', re.S)


def _finish(m: folium.Map, lang: str = "zh-Hans") -> str:
    out = m.get_root().render()
    # folium's viewport meta forbids zooming (an accessibility failure); use a plain one.
    out = _VIEWPORT_RE.sub('<meta name="viewport" content="width=device-width, initial-scale=1" />', out)
    out = out.replace("<html>", f'<html lang="{lang}">', 1)
    # folium puts its map script after </body>, where HTML allows no element: close the body after it.
    head, sep, tail = out.rpartition("</body>")
    if sep and tail.lstrip().startswith("<script>"):
        out = head + tail.replace("</html>", "</body>\n</html>", 1)
    return out


def _add_layer(m: folium.Map, call: str, cfg: Any, asset_base: str, cluster: bool, legend: Legend) -> None:
    urls = asset_urls(asset_base)
    js_links = [("markercluster", urls["markercluster_js"])] if cluster else []
    js_links += [("tb_common", urls["common_js"]), ("townmap", urls["townmap_js"])]
    css_links = (
        [("markercluster_css", urls["markercluster_css"]),
         ("markercluster_default_css", urls["markercluster_default_css"])] if cluster else []
    )
    css_links += [("tb_common_css", urls["common_css"]), ("townmap_css", urls["townmap_css"])]
    m.add_child(_TownLayer(call, dict(cfg, statuses=legend.statuses, pointsAttribution=POINTS_ATTRIBUTION),
                           js_links, css_links))


# --------------------------------------------------------------------------------------
# Data file
# --------------------------------------------------------------------------------------

_BAD_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


@dataclass
class PreparedPoints:
    json: str
    count: int
    datum: str
    converted: list[str] = field(default_factory=list)  # slugs shifted to the provider datum
    not_shifted_outside_mainland: list[str] = field(default_factory=list)  # datum differs, point abroad/HK/Macau/Taiwan


def _num(v: Any, what: str, slug: str) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"point {slug!r}: {what} is not a number: {v!r}") from None
    if not math.isfinite(f):
        raise ValueError(f"point {slug!r}: {what} is not finite")
    return f


def _common_prefix(urls: Sequence[str]) -> str:
    if not urls:
        return ""
    p = os.path.commonprefix(list(urls))
    return p[: p.rfind("/") + 1] if "/" in p else ""


def prepare_points(points: Iterable[Mapping[str, Any]], provider: Mapping, *, legend: Legend) -> PreparedPoints:
    """Build the compact data file and report which points were converted.

    Format (``v`` 1): ``{"v":1,"datum":…,"u":url_prefix,"st":[[status,label]…],
    "pg":[[programme_id,name]…],"pv":[province name…],"pr":[precision…],"prn":[its words…],
    "prs":[what such a point stands for…],
    "p":[[lat,lon,name,url_suffix,st_i,pg_i,pv_i,pr_i,approx]…]}``, where pg_i is one index, or a
    list of them for a place under several programmes; coordinates are in the
    provider's datum, rounded to 6 decimals (≈ 0.1 m).
    """
    dst = provider["datum"]
    pts = list(points)
    st_index: dict[tuple[str, str], int] = {}
    pg_index: dict[tuple[str, str], int] = {}
    pv_index: dict[str, int] = {}
    rows: list[list[Any]] = []
    converted: list[str] = []
    outside: list[str] = []
    urls: list[str] = []
    for p in pts:
        slug = str(p.get("slug", "?"))
        lon = _num(p.get("lon"), "lon", slug)
        lat = _num(p.get("lat"), "lat", slug)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"point {slug!r}: coordinates out of range ({lon}, {lat})")
        src = normalise_datum(p.get("datum") or "wgs84")
        x, y = to_datum(lon, lat, src, dst)
        if (x, y) != (lon, lat):
            converted.append(slug)
        elif (src == "gcj02") != (dst == "gcj02") and not in_mainland_china(lon, lat):
            outside.append(slug)
        url = str(p.get("url") or "")
        if _BAD_URL.match(url):
            raise ValueError(f"point {slug!r}: refusing url {url!r}")
        urls.append(url)
        status = legend.status(p.get("status"))
        key_s = (status, str(p.get("status_label") or status))
        keys_p = [(str(pid), str(name or pid)) for pid, name in p.get("programmes") or
                  [(p.get("programme") or "", p.get("programme_name") or p.get("programme") or "")]]
        pg_i = [pg_index.setdefault(k, len(pg_index)) for k in keys_p]
        prov = str(p.get("province_name") or p.get("province") or "")
        prec = legend.precision(p.get("precision"))
        rows.append([
            round(y, 6), round(x, 6), str(p.get("name") or slug), url,
            st_index.setdefault(key_s, len(st_index)),
            pg_i[0] if len(pg_i) == 1 else pg_i,  # a place under several programmes is in each layer
            pv_index.setdefault(prov, len(pv_index)),
            legend.precisions.index(prec),
            1 if p.get("approximate") else 0,
        ])
    prefix = _common_prefix(urls)
    for r in rows:
        r[3] = r[3][len(prefix):]
    data = {
        "v": 1,
        "datum": dst,
        "u": prefix,
        "st": [list(k) for k in st_index],
        "pg": [list(k) for k in pg_index],
        "pv": list(pv_index),
        "pr": list(legend.precisions),
        # each precision's words for the filter, and what such a point stands for (the popup)
        "prn": [(legend.names or {}).get(k, k) for k in legend.precisions],
        "prs": [(legend.stands_for or {}).get(k, "") for k in legend.precisions],
        "p": rows,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return PreparedPoints(text, len(rows), dst, converted, outside)


def points_json(points: Iterable[Mapping[str, Any]], provider: Mapping, *, legend: Legend) -> str:
    """The compact data file (see ``prepare_points`` for the format and the conversion report)."""
    return prepare_points(points, provider, legend=legend).json


# --------------------------------------------------------------------------------------
# Maps
# --------------------------------------------------------------------------------------

# Shown once in the map when a base-map tile fails (blocked host, offline, a refused key).
_TILE_ERROR = "底图无法加载 Base map unavailable"

_TEXT = {
    "layers": "图层 Layers",
    "status": "状态 Status",
    "programme": "计划 Programme",
    "precision": "位置精度 Precision",
    "showing": "显示 {n} / {total} 个 Showing {n} of {total}",
    "approxLegend": " 空心虚线 = 近似位置 Hollow dashed = approximate location",
    "loadError": "地图数据加载失败 Map data could not be loaded",
    "tileError": _TILE_ERROR,
}


def overview_map_html(points_url: str, provider: Mapping, asset_base: str,
                      layers: Mapping[str, Any] | None = None, *, legend: Legend, title: str = "小镇地图 Town map",
                      fit: bool = False, fit_max_zoom: int = 9, collapsed: bool = True,
                      location: Sequence[float] = _CHINA_CENTER, zoom: int = _CHINA_ZOOM) -> str:
    """Full HTML document of the clustered overview map.

    ``layers``: ``{"status": [ids in display order] | False, "programme": [ids] | False}``;
    a missing key or ``None``/``True`` shows that group with the order found in the data,
    ``False`` hides it.  ``fit`` zooms to the data once loaded (used by region maps).
    """
    layers = dict(layers or {})
    cfg_layers: dict[str, Any] = {}
    for key in ("status", "programme"):
        v = layers.get(key, True)
        cfg_layers[key] = False if v is False else (list(v) if isinstance(v, (list, tuple)) else None)
    if cfg_layers["status"] is None:
        cfg_layers["status"] = list(legend.statuses)
    cfg = {
        "pointsUrl": points_url,
        "layers": cfg_layers,
        "fit": bool(fit),
        "fitMaxZoom": fit_max_zoom,
        "collapsed": bool(collapsed),
        "approx": legend.approx,
        "approxShort": APPROX_SHORT,
        "text": _TEXT,
    }
    m = _base_map(provider, asset_base, location=location, zoom=zoom, title=title)
    _add_layer(m, "tmOverview", cfg, asset_base, cluster=True, legend=legend)
    return _finish(m)


def region_map_html(points_url: str, provider: Mapping, asset_base: str,
                    layers: Mapping[str, Any] | None = None, *, legend: Legend, title: str = "地区地图 Region map",
                    fit_max_zoom: int = 10) -> str:
    """Map of one province or programme: the overview fitted to its (filtered) data file."""
    return overview_map_html(points_url, provider, asset_base, layers, legend=legend, title=title, fit=True,
                             fit_max_zoom=fit_max_zoom, collapsed=True)


def shared_small_map_html(provider: Mapping, asset_base: str, *, legend: Legend,
                          title: str = "位置地图 Location map") -> str:
    """One small-map document for all town pages: the point is read from the URL fragment
    (`#lat=…&lon=…&s=status&a=1&p=county&n=name`), so a 10,000-town site makes one map, not
    10,000 (folium costs milliseconds per map). Use `small_map_fragment` for the fragment."""
    cfg = {"statuses": legend.statuses, "precisions": list(legend.precisions), "approx": legend.approx, "zoom": legend.zoom,
           "text": {"tileError": _TILE_ERROR}}
    m = _base_map(provider, asset_base, location=_CHINA_CENTER, zoom=_CHINA_ZOOM, title=title,
                  scroll_wheel_zoom=False)
    _add_layer(m, "tmShared", cfg, asset_base, cluster=False, legend=legend)
    return _finish(m)


def small_map_fragment(point: Mapping[str, Any], provider: Mapping, *, legend: Legend) -> str:
    """The URL fragment that places one town on the shared small map (provider datum)."""
    from urllib.parse import urlencode

    x, y = to_datum(float(point["lon"]), float(point["lat"]), normalise_datum(point.get("datum") or "wgs84"),
                    provider["datum"])
    prec = legend.precision(point.get("precision"))
    return urlencode({"lat": f"{y:.6f}", "lon": f"{x:.6f}", "s": point.get("status") or "unknown",
                      "a": "1" if point.get("approximate") else "0", "p": prec, "n": str(point.get("name", ""))})
