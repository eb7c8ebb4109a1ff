"""Tests for generator.outputs.maps (and .assets): data file, HTML, and a real headless browser.

The browser tests use Debian's Chromium (/usr/bin/chromium) through Python Playwright; no
browser is downloaded.  Tiles are answered with a blank PNG, so no network is used.  Without
Chromium (or node_modules) missing is a failure: make test installs both.
"""

from __future__ import annotations

import base64
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.derive import geo
from generator.outputs import maps
from generator.outputs.assets import MissingAssetError, vendor_files
from generator.records.catalog import labels

ASSET_BASE = "../assets/vendor/"
LEGEND = maps.Legend.of(labels())
STATUSES = tuple(LEGEND.statuses)


def points_json(points, provider):
    return maps.points_json(points, provider, legend=LEGEND)


def prepare_points(points, provider):
    return maps.prepare_points(points, provider, legend=LEGEND)


def overview_map_html(points_url, provider, asset_base, layers):
    return maps.overview_map_html(points_url, provider, asset_base, layers, legend=LEGEND)


def region_map_html(points_url, provider, asset_base, layers):
    return maps.region_map_html(points_url, provider, asset_base, layers, legend=LEGEND)


def small_map(point, provider, asset_base=ASSET_BASE) -> str:
    """The shared small-map document, and the URL fragment that puts `point` on it."""
    return (maps.shared_small_map_html(provider, asset_base, legend=LEGEND),
            maps.small_map_fragment(point, provider, legend=LEGEND))

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CDN = ("jsdelivr", "unpkg", "cdnjs", "bootstrapcdn", "code.jquery", "googleapis", "gstatic", "fonts.g")
LABELS = {
    "candidate": "创建中 Candidate",
    "assessed": "已评估 Assessed",
    "named": "已命名 Named",
    "withdrawn": "已撤销 Withdrawn",
    "unknown": "未知 Unknown",
}
EVIL_SCRIPT = '<script>window.__xss=1;alert(1)</script>镇'
EVIL_IMG = '<img src=x onerror="window.__xss=2;alert(2)">镇'


def _point(i, lon, lat, datum="wgs84", **kw):
    status = STATUSES[i % len(STATUSES)]
    approx = i % 3 == 0
    p = {
        "slug": f"town-{i}",
        "name": f"测试镇{i}",
        "lon": lon,
        "lat": lat,
        "datum": datum,
        "approximate": approx,
        "precision": "county" if approx else "exact",
        "status": status,
        "status_label": LABELS[status],
        "programme": f"prog-{i % 12}",
        "programme_name": f"计划 {i % 12} Programme",
        "province": f"省{i % 31}",
        "url": f"../towns/town-{i}/",
    }
    p.update(kw)
    return p


def synthetic_points(n, seed=1):
    """n synthetic points inside mainland China (memory only; never written into towns/)."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        lon, lat = rng.uniform(75, 134), rng.uniform(18.5, 52)
        if geo.in_mainland_china(lon, lat):
            i = len(out)
            out.append(_point(i, round(lon, 6), round(lat, 6), "gcj02" if i % 2 else "wgs84"))
    return out


# --------------------------------------------------------------------------------------
# unit
# --------------------------------------------------------------------------------------


def test_points_json_keeps_every_point_and_converts():
    pts = synthetic_points(500)
    pts.append(_point(900, 114.158, 22.282, "gcj02"))  # Hong Kong: never shifted
    amap = geo.provider("amap")
    osm = geo.provider("osm")

    d_amap = json.loads(points_json(pts, amap))
    d_osm = json.loads(points_json(pts, osm))
    assert d_amap["datum"] == "gcj02" and d_osm["datum"] == "wgs84"
    assert len(d_amap["p"]) == len(d_osm["p"]) == len(pts)

    for p, ra, ro in zip(pts, d_amap["p"], d_osm["p"]):
        assert d_amap["u"] + ra[3] == p["url"] and ra[2] == p["name"]
        if p["slug"] == "town-900":
            assert (ra[0], ra[1]) == (ro[0], ro[1]) == (22.282, 114.158)
            continue
        if p["datum"] == "gcj02":
            assert (ra[1], ra[0]) == (p["lon"], p["lat"])  # left as is for amap
            w = geo.gcj02_to_wgs84(p["lon"], p["lat"])
            assert (ro[1], ro[0]) == (round(w[0], 6), round(w[1], 6))  # converted for osm
        else:
            assert (ro[1], ro[0]) == (p["lon"], p["lat"])
            g = geo.wgs84_to_gcj02(p["lon"], p["lat"])
            assert (ra[1], ra[0]) == (round(g[0], 6), round(g[1], 6))
        for v in (ra[0], ra[1], ro[0], ro[1]):
            assert round(v, 6) == v

    rep = prepare_points(pts, osm)
    assert set(rep.converted) == {p["slug"] for p in pts if p["datum"] == "gcj02" and p["slug"] != "town-900"}
    assert rep.not_shifted_outside_mainland == ["town-900"]
    assert rep.count == len(pts)


def test_points_json_rejects_script_urls_and_bad_coordinates():
    with pytest.raises(ValueError, match="refusing url"):
        points_json([_point(1, 116.4, 39.9, url="javascript:alert(1)")], geo.provider("osm"))
    with pytest.raises(ValueError, match="not a number"):
        points_json([_point(1, "x", 39.9)], geo.provider("osm"))


def _no_cdn(html):
    low = html.lower()
    for host in CDN:
        assert host not in low, host
    # every script/stylesheet is local
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not re.match(r"^(https?:)?//", url), url


@pytest.mark.parametrize("prov", ["amap", "osm"])
def test_html_has_no_cdn(prov):
    p = geo.provider(prov)
    pts = [_point(1, 116.4, 39.9, name=EVIL_SCRIPT), _point(3, 113.3, 23.1, name=EVIL_IMG)]
    shared, _ = small_map(pts[0], p)
    for html in (
        overview_map_html("points.json", p, ASSET_BASE, {}),
        region_map_html("points-gd.json", p, ASSET_BASE, {"programme": False}),
        shared,
    ):
        _no_cdn(html)
        assert f'src="{ASSET_BASE}leaflet/leaflet.js"' in html
        assert "<script>window.__xss" not in html and "<img src=x" not in html
        assert json.dumps(p["attribution"]) in html  # folium writes it as a JSON string
    # folium's class-level defaults are untouched (other maps in the process still work)
    import folium

    assert any("jsdelivr" in u for _, u in folium.Map.default_js)


def test_small_map_labels_and_size(capsys):
    p = geo.provider("amap")
    pt = _point(3, 113.3, 23.1)
    assert pt["approximate"] and pt["precision"] == "county"
    html, fragment = small_map(pt, p)
    # every precision's words and zoom travel in the one document; the fragment names the precision
    assert "近似位置（县级代表点） approximate (county)" in html and "近似位置（地级市代表点） approximate (city)" in html
    assert '"zoom":{"exact":12,"county":9,"city":8,"township":11}' in html
    assert "p=county" in fragment and "a=1" in fragment
    assert "a=0" in small_map(_point(1, 116.4, 39.9), p)[1]
    size, gz = len(html.encode()), len(gzip.compress(html.encode()))
    with capsys.disabled():
        print(f"\n[maps] small map: {size / 1024:.1f} KB raw, {gz / 1024:.1f} KB gzip (one document for every town page)")
    assert size < 16_000


def test_overview_size_10000_points(capsys):
    pts = synthetic_points(10_000)
    p = geo.provider("amap")
    t0 = time.perf_counter()
    data = points_json(pts, p).encode()
    t1 = time.perf_counter()
    html = overview_map_html("points.json", p, ASSET_BASE, {}).encode()
    gz_data, gz_html = len(gzip.compress(data)), len(gzip.compress(html))
    total = gz_data + gz_html
    with capsys.disabled():
        print(
            f"\n[maps] 10,000 points: data {len(data) / 1e6:.2f} MB raw / {gz_data / 1e3:.0f} KB gzip; "
            f"overview HTML {len(html) / 1e3:.1f} KB raw / {gz_html / 1e3:.1f} KB gzip; "
            f"total gzip {total / 1e3:.0f} KB; points_json {t1 - t0:.2f} s"
        )
    assert total <= 1_500_000


def test_vendor_files_and_missing_node_modules(tmp_path):
    with pytest.raises(MissingAssetError, match="npm ci"):
        vendor_files(tmp_path)
    try:
        files = vendor_files(REPO)
    except MissingAssetError:
        pytest.fail("node_modules missing: run npm ci (make install does)")
    assert "leaflet/leaflet.js" in files and "leaflet.markercluster/leaflet.markercluster.js" in files
    assert all(f.is_file() for f in files.values())
    for css in ("leaflet/leaflet.css", "leaflet.markercluster/MarkerCluster.css"):
        text = files[css].read_text()
        assert "http" not in re.sub(r"/\*.*?\*/", "", text, flags=re.S), css


# --------------------------------------------------------------------------------------
# browser
# --------------------------------------------------------------------------------------

BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def _need(cond, reason):
    if not cond:
        pytest.fail(reason)  # make test installs Chromium and node_modules: a missing one is a failure


@pytest.fixture(scope="module")
def browser():
    _need(os.path.exists(CHROMIUM), f"{CHROMIUM} not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _need(False, "playwright not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


# The site's own map script and styles, which every map document loads beside the vendored Leaflet.
MAP_ASSETS = ("js/tb-common.js", "js/townmap.js", "css/tb-common.css", "css/townmap.css")


def _copy_assets(target: Path) -> None:
    """The vendored files and the site's map assets, as a build serves them under assets/."""
    copies = {target / "vendor" / dest: src for dest, src in vendor_files(REPO).items()}
    copies |= {target / rel: REPO / "overrides" / "assets" / rel for rel in MAP_ASSETS}
    for dest, src in copies.items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)


@pytest.fixture
def site(tmp_path):
    """tmp site: assets/vendor/…, map/index.html + map/points.json, served on 127.0.0.1."""
    try:
        _copy_assets(tmp_path / "assets")
    except MissingAssetError as e:
        _need(False, str(e))
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield tmp_path, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _open(browser, url, provider):
    tile_hosts = set(provider["hosts"])
    log = {"requests": [], "errors": [], "dialogs": [], "blocked": []}
    page = browser.new_page()
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))

    def on_dialog(d):
        log["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)

    def route(r):
        host = urlsplit(r.request.url).hostname
        if host == "127.0.0.1":
            r.continue_()
        elif host in tile_hosts:
            r.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            log["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    return page, log


def _check_hosts(log, provider):
    allowed = {"127.0.0.1", *provider["hosts"]}
    bad = [u for u in log["requests"] if urlsplit(u).hostname not in allowed and not u.startswith("data:")]
    assert not bad, bad
    assert not log["blocked"], log["blocked"]


def _show(page, i):
    """Zoom to marker i so that its own icon is on the map (no animation).

    (markercluster's zoomToShowLayer can wait for a 'moveend' that never comes.)"""
    page.evaluate(
        "i => { const m = townMap.markers[i], map = townMap.map;"
        " map.setView(m.getLatLng(), map.getMaxZoom(), {animate: false}); }",
        i,
    )
    page.wait_for_function("i => { const e = townMap.markers[i]._icon; return e && e.isConnected; }", arg=i)


@pytest.mark.parametrize("prov", ["amap", "osm"])
def test_overview_in_browser(browser, site, prov, capsys):
    root, base = site
    provider = geo.provider(prov)
    pts = synthetic_points(10_000)
    evil = [
        _point(10_001, 116.40, 39.90, name=EVIL_SCRIPT, status="named", status_label=LABELS["named"]),
        _point(10_002, 121.47, 31.23, name=EVIL_IMG, status="candidate", status_label=LABELS["candidate"]),
    ]
    pts += evil
    (root / "map").mkdir()
    (root / "map" / "points.json").write_text(points_json(pts, provider), encoding="utf-8")
    (root / "map" / "index.html").write_text(
        overview_map_html("points.json", provider, ASSET_BASE, {}), encoding="utf-8"
    )
    t0 = time.perf_counter()
    page, log = _open(browser, f"{base}/map/index.html", provider)
    page.wait_for_function("window.townMap && window.townMap.ready", timeout=30_000)
    page.wait_for_function(f"townMap.cluster.getLayers().length === {len(pts)}", timeout=30_000)
    elapsed = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\n[maps] browser ({prov}): {len(pts)} markers clustered {elapsed:.2f} s after navigation")

    # every point is a marker in the cluster, read through the map's own objects
    n = page.evaluate("townMap.cluster.getLayers().length")
    assert n == len(pts)
    assert page.evaluate("townMap.map.hasLayer(townMap.cluster)")

    # open the popups of the two hostile names with a real click
    for i, p in zip((len(pts) - 2, len(pts) - 1), evil):
        _show(page, i)
        icon = page.evaluate_handle("i => townMap.markers[i]._icon", i).as_element()
        assert icon is not None
        icon.click()
        page.wait_for_selector(".leaflet-popup-content .tm-name", timeout=5_000)
        link = page.locator(".leaflet-popup-content a.tm-name")
        assert link.get_attribute("href") == f"{base}/towns/{p['slug']}/"
        assert link.get_attribute("target") == "_top"
        assert link.text_content() == p["name"]  # rendered as text
        content = page.locator(".leaflet-popup-content")
        assert content.locator("script, img").count() == 0
        badge = content.locator(".tb-badge").text_content()
        assert p["status_label"] in badge
        assert p["programme_name"] in content.text_content()
        # close it and wait until Leaflet has removed it, so that the next popup is the only one
        page.evaluate("() => { townMap.map.closePopup(); }")
        page.wait_for_selector(".leaflet-popup", state="detached", timeout=5_000)
    assert page.evaluate("window.__xss") is None
    assert not log["dialogs"]

    # keyboard: a marker icon is focusable and Enter opens its popup
    page.evaluate("() => { townMap.map.closePopup(); }")  # return nothing: the map object graph is huge
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=5_000)
    idx = 7
    _show(page, idx)
    assert page.evaluate("i => townMap.markers[i]._icon.getAttribute('tabindex')", idx) == "0"
    page.evaluate("i => townMap.markers[i]._icon.focus()", idx)
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content .tm-name", timeout=5_000)
    assert page.locator(".leaflet-popup-content a.tm-name").text_content() == pts[idx]["name"]

    # status / programme filter: unchecking "withdrawn" removes exactly those markers
    withdrawn = sum(1 for p in pts if p["status"] == "withdrawn")
    # the layer panel starts closed (on a phone it would cover most of the map); open it
    assert page.evaluate("document.querySelector('.tm-filter details').open") is False
    page.click(".tm-filter summary")
    page.get_by_label(re.compile("Withdrawn")).uncheck()
    page.wait_for_function(f"townMap.cluster.getLayers().length === {len(pts) - withdrawn}")
    page.get_by_label(re.compile("计划 3 Programme")).uncheck()
    gone = sum(1 for p in pts if p["status"] != "withdrawn" and p["programme"] == "prog-3")
    page.wait_for_function(f"townMap.cluster.getLayers().length === {len(pts) - withdrawn - gone}")

    # attribution shows the provider text (and the 审图号 when known)
    attrib = page.locator(".leaflet-control-attribution").text_content()
    assert attrib.startswith("Leaflet"), attrib  # the neutral prefix, no flag icon
    assert page.locator(".leaflet-control-attribution svg, .leaflet-attribution-flag").count() == 0
    assert provider["attribution_base"] in attrib
    if provider["review_number"]:
        assert provider["review_number"] in attrib

    _check_hosts(log, provider)
    assert any(urlsplit(u).hostname in provider["hosts"] for u in log["requests"])  # tiles asked for
    assert not log["errors"], log["errors"]
    page.close()


def test_small_map_in_browser(browser, site):
    root, base = site
    provider = geo.provider("amap")
    pt = _point(3, 113.3, 23.1, name=EVIL_IMG)
    html, fragment = small_map(pt, provider)
    (root / "maps").mkdir()
    (root / "maps" / "town.html").write_text(html, encoding="utf-8")
    page, log = _open(browser, f"{base}/maps/town.html#{fragment}", provider)
    page.wait_for_function("window.townMap && window.townMap.marker")
    assert page.locator(".tm-label").text_content().strip() == "近似位置（县级代表点） approximate (county)"
    assert page.evaluate("townMap.map.getZoom()") == 9
    ll = page.evaluate("[townMap.marker.getLatLng().lng, townMap.marker.getLatLng().lat]")
    g = geo.wgs84_to_gcj02(113.3, 23.1)
    assert geo.distance_m(*ll, *g) < 0.2
    title = page.evaluate("townMap.marker._icon.title")
    assert title.startswith(EVIL_IMG)
    assert page.evaluate("window.__xss") is None and not log["dialogs"]
    _check_hosts(log, provider)
    assert not log["errors"], log["errors"]
    page.close()


def test_missing_data_file_shows_message(browser, site):
    root, base = site
    provider = geo.provider("osm")
    (root / "m").mkdir()
    (root / "m" / "index.html").write_text(
        overview_map_html("nope.json", provider, ASSET_BASE, {}), encoding="utf-8"
    )
    page, log = _open(browser, f"{base}/m/index.html", provider)
    page.wait_for_function("window.townMap && window.townMap.error")
    assert "加载失败" in page.locator(".tm-label").text_content()
    page.close()
