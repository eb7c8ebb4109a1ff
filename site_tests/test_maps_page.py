"""The map when its tiles fail, and the town page's nearby towns, in a real Chromium."""
import re

from conftest import _is_tile
from urllib.parse import urlsplit


def _fail_tiles(pg):
    """Tile requests fail as on a blocked host or offline; everything else as the fixture routes it."""
    def route(r):
        if _is_tile(urlsplit(r.request.url).hostname or ""):
            return r.abort("connectionrefused")
        return r.fallback()
    pg.route("**/*", route)


def test_overview_says_when_tiles_fail_and_markers_and_filter_still_work(make_page, server):
    for width in (1280, 375):
        pg = make_page(width=width, height=800)
        _fail_tiles(pg)
        pg.goto(server + "maps/overview.html")
        pg.wait_for_function("() => window.townMap && window.townMap.ready", timeout=20_000)
        msg = pg.locator(".tm-tile-error")
        msg.wait_for(state="visible", timeout=20_000)
        assert msg.count() == 1
        text = msg.text_content()
        assert re.match(r"[\u4e00-\u9fff]", text) and "Base map unavailable" in text
        box = msg.bounding_box()
        assert box["height"] < 26, f"the message is one line, not {box}"
        assert pg.locator(".leaflet-marker-icon").count() > 0  # markers (or clusters) drawn without tiles
        total = pg.evaluate("window.townMap.markers.length")
        pg.click(".tm-filter summary")
        pg.locator(".tm-filter input[type=checkbox]").first.uncheck()
        shown = pg.evaluate("window.townMap.cluster.getLayers().length")
        assert 0 <= shown < total


def test_overview_says_nothing_when_tiles_load(make_page, server):
    pg = make_page(width=1280, height=800)
    pg.goto(server + "maps/overview.html")
    pg.wait_for_function("() => window.townMap && window.townMap.ready", timeout=20_000)
    pg.wait_for_load_state("networkidle")
    assert pg.tiles, "the fixture serves tiles"
    assert pg.locator(".tm-tile-error").count() == 0


def test_small_map_says_when_tiles_fail(make_page, server, page_url):
    pg = make_page(width=1280, height=800)
    _fail_tiles(pg)
    pg.goto(server + page_url("town"))
    src = pg.evaluate("new URL(document.querySelector('[data-map-lazy] iframe').dataset.src, location.href).href")
    pg.goto(src)
    pg.locator(".tm-tile-error").wait_for(state="visible", timeout=20_000)
    assert pg.locator(".leaflet-marker-icon").count() == 1


def test_town_page_links_other_towns_of_its_county_or_city(page, server, built_site):
    pages = sorted((built_site / "towns").glob("*/index.html"))
    with_nearby = [p for p in pages if 'id="nearby"' in p.read_text(encoding="utf-8")]
    assert with_nearby, "some real county holds more than one place"
    rel = with_nearby[0].parent.relative_to(built_site).as_posix()
    page.goto(f"{server}{rel}/")
    h = page.locator("h2#nearby")
    assert re.match(r"同(县|市)的其他小镇", h.text_content())
    links = page.locator("ul.tb-nearby a")
    assert links.count() >= 1
    own = page.locator("h1#town-name").text_content()
    name = links.first.text_content()
    assert name != own
    links.first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1#town-name").text_content().startswith(name)


_FRAME = "document.querySelector('.tb-mapview iframe')"
_MAP = _FRAME + ".contentWindow.townMap"


def _open_map_page(make_page, server, width):
    pg = make_page(width=width, height=800)
    pg.goto(server + "map/")
    pg.wait_for_function("() => document.querySelector('[data-inview]').dataset.ready === 'true'", timeout=20_000)
    return pg


def _listed(pg):
    return pg.evaluate("[...document.querySelectorAll('[data-inview-list] a')].map(a => a.textContent)")


def _in_view(pg):
    return int(pg.locator("[data-inview]").get_attribute("data-inview-n"))


def test_map_page_map_fills_the_screen_and_list_is_beside_or_below(make_page, server):
    for width in (1280, 375):
        pg = _open_map_page(make_page, server, width)
        f = pg.locator(".tb-mapview iframe").bounding_box()
        visible = min(f["y"] + f["height"], 800) - max(f["y"], 0)
        assert visible >= 0.7 * 800, f"at {width}px the map shows {visible:.0f} px of 800"
        side = pg.locator("[data-inview]").bounding_box()
        if width >= 1000:
            assert side["x"] >= f["x"] + f["width"] - 1 and side["y"] < f["y"] + f["height"], "list beside the map"
        else:
            assert side["y"] >= f["y"] + f["height"] - 1, "list below the map on a phone"
        height = pg.evaluate("document.documentElement.scrollHeight")
        assert height < 4000, f"page is {height} px tall at {width}px"
        # the full list is in the page without JavaScript, collapsed
        assert pg.locator("details#towns-on-map ul.tb-map-list li").count() == pg.evaluate(_MAP + ".markers.length")


def test_towns_in_view_follow_pan_zoom_and_filters(make_page, server):
    pg = _open_map_page(make_page, server, 1280)
    total = pg.evaluate(_MAP + ".markers.length")
    before = _in_view(pg)
    assert 0 < before <= total and _listed(pg)
    # zoom into the place of the first listed town: fewer towns in view, that one among them
    first = pg.evaluate(f"""(() => {{ const api = {_MAP}; const m = api.cluster.getLayers()
        .find(m => api.data.p[m.tmRow][2] === document.querySelector('[data-inview-list] a').textContent);
        api.map.setView(m.getLatLng(), 11, {{animate: false}}); return api.data.p[m.tmRow][2]; }})()""")
    pg.wait_for_function(f"() => +document.querySelector('[data-inview]').dataset.inviewN < {before}", timeout=10_000)
    assert first in _listed(pg)
    # pan far away (the open sea east of China): nothing in view
    pg.evaluate(_MAP + ".map.setView([30, 150], 8, {animate: false})")
    pg.wait_for_function("() => document.querySelector('[data-inview]').dataset.inviewN === '0'", timeout=10_000)
    assert _listed(pg) == []
    # back to all; a filter empties a status from both the markers and the list
    pg.evaluate(_MAP + ".map.fitBounds(" + _MAP + ".cluster.getBounds(), {animate: false})")
    pg.wait_for_function(f"() => +document.querySelector('[data-inview]').dataset.inviewN === {before}", timeout=10_000)
    frame = pg.frame_locator(".tb-mapview iframe")
    frame.locator(".tm-filter summary").click()
    boxes = frame.locator(".tm-filter fieldset").last.locator("input[type=checkbox]")  # precision
    assert boxes.count() >= 2
    boxes.first.uncheck()
    after = _in_view(pg)
    markers = pg.evaluate(_MAP + ".cluster.getLayers().length")
    assert after < before and markers < total


def test_markers_show_precision_and_popup_says_what_the_point_stands_for(make_page, server):
    pg = make_page(width=1280, height=800)
    pg.goto(server + "maps/overview.html")
    pg.wait_for_function("() => window.townMap && window.townMap.ready", timeout=20_000)
    kinds = pg.evaluate("""(() => { const api = window.townMap; const seen = {};
        api.markers.forEach(m => { const c = m.options.icon.options.className; const k = (c.match(/tm-pr-(\\w+)/) || [0, 'exact'])[1];
            if (!seen[k]) seen[k] = m.options.icon.options.html; }); return seen; })()""")
    assert "township" in kinds and "county" in kinds
    assert kinds["township"] != kinds["county"]  # differs in outline and centre dot, not colour alone
    assert "<circle" in kinds["township"] and "stroke-dasharray" in kinds["county"]
    pg.evaluate("""(() => { const api = window.townMap;
        const m = api.markers.find(m => /tm-pr-township/.test(m.options.icon.options.className));
        api.cluster.zoomToShowLayer(m, () => m.openPopup()); })()""")
    text = pg.locator(".tm-pop").text_content(timeout=10_000)
    assert "点代表小镇所在的乡镇" in text and "township" in text
