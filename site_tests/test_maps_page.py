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
        assert box["height"] < 60, f"the message is one or two short lines, not {box}"
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
