"""Map pages built with folium, with every script and stylesheet served from the site.

No MkDocs import: the generator passes plain dicts and writes the returned strings.

* ``points_json(points, provider)`` – one compact data file for the overview / region maps
  (``prepare_points`` also reports which points were shifted to the provider's datum).
* ``overview_map_html(points_url, provider, asset_base, layers)`` – full HTML document (meant
  for an ``<iframe title=…>``) that fetches ``points_url``, clusters the towns in the browser,
  draws a symbol + colour per status (hollow dashed = approximate location), and offers a
  filter control by status and by programme.  Popups are built with DOM calls
  (``textContent`` / ``setAttribute``): names are never parsed as HTML.
* ``region_map_html(...)`` – the same map for a province or programme (caller writes a
  filtered data file, see ``region_points``).
* ``small_map_html(point, provider, asset_base)`` – one marker for a town page.

``asset_base`` is the URL of the vendor folder as seen from the map document, ending with
``/`` (e.g. ``"../assets/vendor/"``); ``generator.assets.vendor_files`` lists its content.
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

from .geo import in_mainland_china, normalise_datum, to_datum

__all__ = [
    "APPROX_LABEL",
    "PRECISIONS",
    "STATUSES",
    "PreparedPoints",
    "asset_urls",
    "overview_map_html",
    "points_json",
    "prepare_points",
    "region_map_html",
    "region_points",
    "small_map_html",
]

STATUSES = ("candidate", "assessed", "named", "withdrawn", "unknown")
PRECISIONS = ("exact", "county", "city")

# Approximate-location label, by precision.
APPROX_LABEL = {
    "exact": "近似位置 approximate",
    "county": "近似位置（县级代表点） approximate (county)",
    "city": "近似位置（市级代表点） approximate (city)",
}
_ZOOM = {"exact": 12, "county": 9, "city": 8}

_CHINA_CENTER = (35.0, 104.0)
_CHINA_ZOOM = 4

# Okabe–Ito colours; the shape carries the meaning too (readable without colour).
_STYLE_CSS = """
.tm-marker{background:none;border:0}
.tm-marker svg{display:block;overflow:visible}
.tm-marker:focus{outline:3px solid #1a73e8;outline-offset:2px;border-radius:50%}
.tm-sym{display:inline-block;vertical-align:-4px;margin-right:.3em}
.tm-pop{font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;min-width:12em}
.tm-pop .tm-name{font-weight:600;font-size:15px}
.tm-badge{display:inline-block;margin:.25em 0;padding:0 .45em;border:1px solid #333;border-radius:.8em;background:#fff;color:#111;font-size:13px}
.tm-approx{font-style:italic;color:#444}
.tm-filter{background:#fff;padding:6px 8px;max-width:17em;font:13px/1.4 system-ui,sans-serif;color:#111}
.tm-filter summary{cursor:pointer;font-weight:600;min-height:24px;line-height:24px}
.tm-filter label{min-height:24px;line-height:24px}
.tm-filter fieldset{border:0;margin:.3em 0 0;padding:0;max-height:14em;overflow:auto}
.tm-filter legend{font-weight:600;padding:0}
.tm-filter label{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.tm-filter .tm-note,.tm-filter .tm-count{margin:.3em 0 0;color:#333}
.tm-label{background:#fff;padding:2px 6px;font:13px/1.3 system-ui,sans-serif;color:#111;border:1px solid #888}
@media (max-width:480px){.leaflet-control-attribution{max-width:62vw}}
"""

# Shapes and colours by status; the JS copy below must match (tests read this table).
STATUS_SYMBOLS = {
    "candidate": ("circle", "#E69F00"),
    "assessed": ("triangle", "#0072B2"),
    "named": ("star", "#009E73"),
    "withdrawn": ("cross", "#6B6B6B"),
    "unknown": ("diamond", "#CC79A7"),
}

_SYMBOL_JS = r"""
var TM_SHAPES = {
  circle: '<circle cx="10" cy="10" r="7"/>',
  triangle: '<polygon points="10,2 18.5,17 1.5,17"/>',
  star: '<polygon points="10,1.5 12.4,7.2 18.5,7.6 13.8,11.6 15.3,17.6 10,14.3 4.7,17.6 6.2,11.6 1.5,7.6 7.6,7.2"/>',
  cross: '<path d="M4 6.5L6.5 4 10 7.5 13.5 4 16 6.5 12.5 10 16 13.5 13.5 16 10 12.5 6.5 16 4 13.5 7.5 10Z"/>',
  diamond: '<polygon points="10,1.5 18.5,10 10,18.5 1.5,10"/>'
};
var TM_STATUS = {
  candidate: ['circle', '#E69F00'], assessed: ['triangle', '#0072B2'], named: ['star', '#009E73'],
  withdrawn: ['cross', '#6B6B6B'], unknown: ['diamond', '#CC79A7']
};
/* Only constant strings go into this SVG markup; data never does. */
function tmSvg(status, approx, size) {
  var s = TM_STATUS[status] || TM_STATUS.unknown, px = size || 22;
  var paint = approx
    ? 'fill="#fff" stroke="' + s[1] + '" stroke-width="2.4" stroke-dasharray="3 2"'
    : 'fill="' + s[1] + '" stroke="#1a1a1a" stroke-width="1.2"';
  return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="' + px + '" height="' + px +
    '" aria-hidden="true" focusable="false"><g ' + paint + '>' + TM_SHAPES[s[0]] + '</g></svg>';
}
var tmIcons = {};
function tmIcon(status, approx) {
  var k = status + (approx ? '~' : '');
  if (!tmIcons[k]) {
    tmIcons[k] = L.divIcon({className: 'tm-marker tm-st-' + (TM_STATUS[status] ? status : 'unknown') + (approx ? ' tm-approx-marker' : ''),
      html: tmSvg(status, approx), iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10]});
  }
  return tmIcons[k];
}
/* Leaflet 1.9's default attribution prefix carries a flag icon: plain text instead. */
function tmPrefix(map) {
  if (map.attributionControl) map.attributionControl.setPrefix('Leaflet');
}
function tmSym(status, approx, size) {
  var span = document.createElement('span');
  span.className = 'tm-sym';
  span.innerHTML = tmSvg(status, approx, size || 16);
  return span;
}
"""

_OVERVIEW_JS = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var CFG = {{ this.cfg_js }};
  {{ this.symbol_js }}
  tmPrefix(map);
  var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50});
  map.addLayer(cluster);
  var api = {map: map, cluster: cluster, markers: [], data: null, ready: false, error: null, filter: null};
  window.townMap = api;
  map.townMap = api;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }
  function safeHref(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      var x = new URL(u, document.baseURI);
      if (x.protocol === 'http:' || x.protocol === 'https:') return x.href;
    } catch (e) {}
    return null;
  }
  function message(text) {
    var c = L.control({position: 'bottomleft'});
    c.onAdd = function () { var d = el('div', 'tm-label', text); d.setAttribute('role', 'status'); return d; };
    c.addTo(map);
  }

  function build(d) {
    api.data = d;
    var st = d.st, pg = d.pg, pv = d.pv, rows = d.p, prefix = d.u || '';
    function popup(layer) {
      var r = rows[layer.tmRow], s = st[r[4]];
      var box = el('div', 'tm-pop');
      var href = safeHref(prefix + r[3]);
      var name = href ? el('a', 'tm-name', r[2]) : el('strong', 'tm-name', r[2]);
      if (href) { name.setAttribute('href', href); name.setAttribute('target', '_top'); }
      box.appendChild(name);
      var b = el('div');
      var badge = el('span', 'tm-badge tm-badge-' + s[0]);
      badge.appendChild(tmSym(s[0], false, 14));
      badge.appendChild(document.createTextNode(s[1]));
      b.appendChild(badge);
      box.appendChild(b);
      [].concat(r[5]).forEach(function (k) { if (pg[k] && pg[k][1]) box.appendChild(el('div', 'tm-prog', pg[k][1])); });
      if (pv[r[6]]) box.appendChild(el('div', 'tm-prov', pv[r[6]]));
      if (r[8]) box.appendChild(el('div', 'tm-approx', CFG.approx[d.pr[r[7]]] || CFG.approx.exact));
      return box;
    }
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], s = st[r[4]], approx = !!r[8];
      var m = L.marker([r[0], r[1]], {
        icon: tmIcon(s[0], approx), keyboard: true, riseOnHover: true,
        title: r[2] + ' — ' + s[1] + (approx ? ' — ' + CFG.approxShort : '')
      });
      m.tmRow = i; m.tmS = r[4]; m.tmP = r[5];
      m.bindPopup(popup, {maxWidth: 280});
      api.markers.push(m);
    }
    cluster.addLayers(api.markers);
    addFilter(d);
    if (api.markers.length && CFG.fit) {
      map.fitBounds(cluster.getBounds(), {padding: [20, 20], maxZoom: CFG.fitMaxZoom});
    }
    api.ready = true;
  }

  function addFilter(d) {
    var want = CFG.layers || {};
    var groups = [];
    function counts(idx) {
      var c = {};
      for (var i = 0; i < d.p.length; i++) [].concat(d.p[i][idx]).forEach(function (k) { c[k] = (c[k] || 0) + 1; });
      return c;
    }
    function ordered(table, order) {
      var ids = table.map(function (t) { return t[0]; }), out = [];
      (order || []).forEach(function (id) { var k = ids.indexOf(id); if (k >= 0) out.push(k); });
      ids.forEach(function (id, k) { if (out.indexOf(k) < 0) out.push(k); });
      return out;
    }
    var on = {s: d.st.map(function () { return true; }), p: d.pg.map(function () { return true; })};
    if (want.status !== false) groups.push({key: 's', idx: 4, title: CFG.text.status, table: d.st, order: want.status});
    if (want.programme !== false) groups.push({key: 'p', idx: 5, title: CFG.text.programme, table: d.pg, order: want.programme});
    var countEl;
    function apply() {
      var vis = api.markers.filter(function (m) { return on.s[m.tmS] && [].concat(m.tmP).some(function (k) { return on.p[k]; }); });
      cluster.clearLayers();
      cluster.addLayers(vis);
      if (countEl) countEl.textContent = CFG.text.showing.split('{n}').join(vis.length).split('{total}').join(api.markers.length);
    }
    api.filter = {on: on, apply: apply};
    if (!groups.length) return;
    var ctl = L.control({position: 'topright'});
    ctl.onAdd = function () {
      var box = el('div', 'leaflet-control leaflet-bar tm-filter');
      var det = el('details');
      if (!CFG.collapsed) det.open = true;
      det.appendChild(el('summary', null, CFG.text.layers));
      groups.forEach(function (g) {
        var fs = el('fieldset'), c = counts(g.idx);
        fs.appendChild(el('legend', null, g.title));
        ordered(g.table, g.order).forEach(function (k) {
          if (!c[k]) return;
          var lab = el('label'), cb = el('input');
          cb.type = 'checkbox'; cb.checked = true;
          cb.addEventListener('change', function () { on[g.key][k] = cb.checked; apply(); });
          lab.appendChild(cb);
          if (g.key === 's') lab.appendChild(tmSym(g.table[k][0], false, 16));
          lab.appendChild(document.createTextNode(' ' + (g.table[k][1] || g.table[k][0]) + ' (' + c[k] + ')'));
          fs.appendChild(lab);
        });
        det.appendChild(fs);
      });
      var note = el('p', 'tm-note');
      note.appendChild(tmSym('unknown', true, 16));
      note.appendChild(document.createTextNode(CFG.text.approxLegend));
      det.appendChild(note);
      countEl = el('p', 'tm-count');
      countEl.setAttribute('aria-live', 'polite');
      det.appendChild(countEl);
      box.appendChild(det);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    countEl.textContent = CFG.text.showing.split('{n}').join(api.markers.length).split('{total}').join(api.markers.length);
  }

  fetch(CFG.pointsUrl, {credentials: 'same-origin'})
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(build)
    .catch(function (e) { api.error = String(e); message(CFG.text.loadError); });
})();
"""

_SMALL_JS = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var P = {{ this.cfg_js }};
  {{ this.symbol_js }}
  tmPrefix(map);
  var m = L.marker([P.lat, P.lon], {icon: tmIcon(P.status, P.approx), keyboard: true, title: P.title}).addTo(map);
  if (P.label) {
    var c = L.control({position: 'bottomleft'});
    c.onAdd = function () {
      var d = document.createElement('div');
      d.className = 'tm-label';
      d.appendChild(tmSym(P.status, P.approx, 14));
      d.appendChild(document.createTextNode(P.label));
      return d;
    };
    c.addTo(map);
  }
  window.townMap = {map: map, marker: m};
})();
"""

_STYLE_TEMPLATE = """
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}
"""


def _js_literal(obj: Any) -> str:
    """JSON safe to put inside an HTML <script> element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


class _TownLayer(JSCSSMixin):
    """Our markers/controls; the markercluster assets are set per instance (never shared)."""

    _template = Template(_STYLE_TEMPLATE)

    def __init__(self, js: str, cfg: Any, css: str, default_js=(), default_css=()):
        super().__init__()
        self._name = "TownLayer"
        self.default_js = list(default_js)
        self.default_css = list(default_css)
        self.css = css
        self.cfg_js = _js_literal(cfg)
        self.symbol_js = _SYMBOL_JS
        self._js_src = js
        self.js = ""

    def render(self, **kwargs):
        # the script refers to the map's variable name, known once the layer has a parent
        self.js = Template(self._js_src).render(this=self)
        super().render(**kwargs)


def asset_urls(asset_base: str) -> dict[str, str]:
    base = asset_base if asset_base.endswith("/") else asset_base + "/"
    return {
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


def _add_layer(m: folium.Map, js: str, cfg: Any, asset_base: str, cluster: bool) -> None:
    urls = asset_urls(asset_base)
    js_links = [("markercluster", urls["markercluster_js"])] if cluster else []
    css_links = (
        [("markercluster_css", urls["markercluster_css"]),
         ("markercluster_default_css", urls["markercluster_default_css"])] if cluster else []
    )
    m.add_child(_TownLayer(js, cfg, _STYLE_CSS, js_links, css_links))


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


def prepare_points(points: Iterable[Mapping[str, Any]], provider: Mapping) -> PreparedPoints:
    """Build the compact data file and report which points were converted.

    Format (``v`` 1): ``{"v":1,"datum":…,"u":url_prefix,"st":[[status,label]…],
    "pg":[[programme_id,name]…],"pv":[province name…],"pr":["exact","county","city"],
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
        status = p.get("status") if p.get("status") in STATUSES else "unknown"
        key_s = (status, str(p.get("status_label") or status))
        keys_p = [(str(pid), str(name or pid)) for pid, name in p.get("programmes") or
                  [(p.get("programme") or "", p.get("programme_name") or p.get("programme") or "")]]
        pg_i = [pg_index.setdefault(k, len(pg_index)) for k in keys_p]
        prov = str(p.get("province_name") or p.get("province") or "")
        prec = p.get("precision") if p.get("precision") in PRECISIONS else "exact"
        rows.append([
            round(y, 6), round(x, 6), str(p.get("name") or slug), url,
            st_index.setdefault(key_s, len(st_index)),
            pg_i[0] if len(pg_i) == 1 else pg_i,  # a place under several programmes is in each layer
            pv_index.setdefault(prov, len(pv_index)),
            PRECISIONS.index(prec),
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
        "pr": list(PRECISIONS),
        "p": rows,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return PreparedPoints(text, len(rows), dst, converted, outside)


def points_json(points: Iterable[Mapping[str, Any]], provider: Mapping) -> str:
    """The compact data file (see ``prepare_points`` for the format and the conversion report)."""
    return prepare_points(points, provider).json


def region_points(points: Iterable[Mapping[str, Any]], *, province: str | None = None,
                  programme: str | None = None) -> list[Mapping[str, Any]]:
    """Points of one province and/or one programme (for ``region_map_html``'s data file)."""
    return [
        p for p in points
        if (province is None or p.get("province") == province)
        and (programme is None or programme in [x[0] for x in p.get("programmes") or [(p.get("programme"),)]])
    ]


# --------------------------------------------------------------------------------------
# Maps
# --------------------------------------------------------------------------------------

_TEXT = {
    "layers": "图层 Layers",
    "status": "状态 Status",
    "programme": "计划 Programme",
    "showing": "显示 {n} / {total} 个 Showing {n} of {total}",
    "approxLegend": " 空心虚线 = 近似位置 Hollow dashed = approximate location",
    "loadError": "地图数据加载失败 Map data could not be loaded",
}


def overview_map_html(points_url: str, provider: Mapping, asset_base: str,
                      layers: Mapping[str, Any] | None = None, *, title: str = "小镇地图 Town map",
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
        cfg_layers["status"] = list(STATUSES)
    cfg = {
        "pointsUrl": points_url,
        "layers": cfg_layers,
        "fit": bool(fit),
        "fitMaxZoom": fit_max_zoom,
        "collapsed": bool(collapsed),
        "approx": APPROX_LABEL,
        "approxShort": "近似位置 approximate",
        "text": _TEXT,
    }
    m = _base_map(provider, asset_base, location=location, zoom=zoom, title=title)
    _add_layer(m, _OVERVIEW_JS, cfg, asset_base, cluster=True)
    return _finish(m)


def region_map_html(points_url: str, provider: Mapping, asset_base: str,
                    layers: Mapping[str, Any] | None = None, *, title: str = "地区地图 Region map",
                    fit_max_zoom: int = 10) -> str:
    """Map of one province or programme: the overview fitted to its (filtered) data file."""
    return overview_map_html(points_url, provider, asset_base, layers, title=title, fit=True,
                             fit_max_zoom=fit_max_zoom, collapsed=True)


def small_map_html(point: Mapping[str, Any], provider: Mapping, asset_base: str,
                   *, title: str | None = None) -> str:
    """Small map with one marker for a town page (zoom 12 exact / 9 county / 8 city)."""
    slug = str(point.get("slug", "?"))
    lon = _num(point.get("lon"), "lon", slug)
    lat = _num(point.get("lat"), "lat", slug)
    x, y = to_datum(lon, lat, normalise_datum(point.get("datum") or "wgs84"), provider["datum"])
    prec = point.get("precision") if point.get("precision") in PRECISIONS else "exact"
    approx = bool(point.get("approximate"))
    status = point.get("status") if point.get("status") in STATUSES else "unknown"
    name = str(point.get("name") or slug)
    label = APPROX_LABEL[prec] if approx else ""
    cfg = {
        "lat": round(y, 6), "lon": round(x, 6), "status": status, "approx": approx, "label": label,
        "title": name + (" — " + str(point.get("status_label")) if point.get("status_label") else "")
        + (" — " + label if label else ""),
    }
    m = _base_map(provider, asset_base, location=(cfg["lat"], cfg["lon"]), zoom=_ZOOM[prec],
                  title=title or name, scroll_wheel_zoom=False)
    _add_layer(m, _SMALL_JS, cfg, asset_base, cluster=False)
    return _finish(m)


# --------------------------------------------------------------------------------------
# One small-map document for every town page
# --------------------------------------------------------------------------------------

_SHARED_SMALL_JS = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var C = {{ this.cfg_js }};
  {{ this.symbol_js }}
  tmPrefix(map);
  // The town's point comes in the URL fragment, already in the tile datum (converted at build).
  var q = new URLSearchParams(location.hash.slice(1));
  var lat = parseFloat(q.get('lat')), lon = parseFloat(q.get('lon'));
  if (!isFinite(lat) || !isFinite(lon)) return;
  var status = C.statuses.indexOf(q.get('s')) >= 0 ? q.get('s') : 'unknown';
  var prec = C.precisions.indexOf(q.get('p')) >= 0 ? q.get('p') : 'exact';
  var approx = q.get('a') === '1';
  var label = approx ? C.approx[prec] : '';
  var title = (q.get('n') || '') + (label ? ' — ' + label : '');
  map.setView([lat, lon], C.zoom[prec]);
  var m = L.marker([lat, lon], {icon: tmIcon(status, approx), keyboard: true, title: title}).addTo(map);
  if (label) {
    var c = L.control({position: 'bottomleft'});
    c.onAdd = function () {
      var d = document.createElement('div');
      d.className = 'tm-label';
      d.appendChild(tmSym(status, approx, 14));
      d.appendChild(document.createTextNode(label));
      return d;
    };
    c.addTo(map);
  }
  window.townMap = {map: map, marker: m};
})();
"""


def shared_small_map_html(provider: Mapping, asset_base: str, *, title: str = "位置地图 Location map") -> str:
    """One small-map document for all town pages: the point is read from the URL fragment
    (`#lat=…&lon=…&s=status&a=1&p=county&n=name`), so a 10,000-town site makes one map, not
    10,000 (folium costs milliseconds per map). Use `small_map_fragment` for the fragment."""
    cfg = {"statuses": list(STATUSES), "precisions": list(PRECISIONS), "approx": APPROX_LABEL, "zoom": _ZOOM}
    m = _base_map(provider, asset_base, location=_CHINA_CENTER, zoom=_CHINA_ZOOM, title=title,
                  scroll_wheel_zoom=False)
    _add_layer(m, _SHARED_SMALL_JS, cfg, asset_base, cluster=False)
    return _finish(m)


def small_map_fragment(point: Mapping[str, Any], provider: Mapping) -> str:
    """The URL fragment that places one town on the shared small map (provider datum)."""
    from urllib.parse import urlencode

    x, y = to_datum(float(point["lon"]), float(point["lat"]), normalise_datum(point.get("datum") or "wgs84"),
                    provider["datum"])
    prec = point.get("precision") if point.get("precision") in PRECISIONS else "exact"
    return urlencode({"lat": f"{y:.6f}", "lon": f"{x:.6f}", "s": point.get("status") or "unknown",
                      "a": "1" if point.get("approximate") else "0", "p": prec, "n": str(point.get("name", ""))})
