"""A directory that reads well, checked in real headless Chromium: the head (one title,
escaped page-specific descriptions, Open Graph, lang), the grouped navigation at 1280 px,
maps that do not cover a phone or load before they are asked for, and the directory on a phone.

Expected values come from mkdocs.yml and the records, never hard-coded."""
from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest
import yaml

from generator.records.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]
KINDS = ["home", "town", "province", "programme", "list", "policy", "directory", "map", "search", "about"]


def _config() -> dict:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"!!python/\S+", "", text)  # a tag safe_load refuses; only the plain keys are read
    return yaml.safe_load(text)


class _Head(html.parser.HTMLParser):
    """The <html lang>, <title> and every <meta>/<link rel=canonical> of a page, attributes unescaped."""

    def __init__(self):
        super().__init__()
        self.lang, self.title, self.meta, self.canonical, self._in_title = None, "", [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta":
            self.meta.append(a)
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href"))
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _head(built_site: Path, url: str) -> _Head:
    p = _Head()
    p.feed((built_site / url / "index.html").read_text(encoding="utf-8"))
    return p


def _meta(head: _Head, key: str, value: str) -> list[str]:
    return [m.get("content") for m in head.meta if m.get(key) == value]


def test_meta_description_is_escaped_and_page_specific(built_site, site_pages, cat, page, server):
    cfg = _config()
    home = _head(built_site, "")
    # the site description holds ASCII double quotes: escaped, it comes back whole (not cut at a quote)
    assert '"' in cfg["site_description"]
    assert _meta(home, "name", "description") == [cfg["site_description"]]
    raw = (built_site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'<meta name="description" content="[^"]*"[^>\s]', raw), "an unescaped quote ends the attribute"
    # in the browser too: the attribute holds the whole text
    page.goto(server)
    assert page.get_attribute('meta[name="description"]', "content") == cfg["site_description"]
    # a town page: its own name, status, programme and province
    seen = set()
    for t in sorted(cat.towns, key=lambda t: t.slug)[:8]:
        head = _head(built_site, f"towns/{t.slug}")
        descs = _meta(head, "name", "description")
        assert len(descs) == 1, descs
        d = descs[0]
        status = cat.labels["status"][t.status]["zh"] if t.status else "未知"
        prog = cat.programmes[t.lead.programme_id]  # the lead designation speaks for the place
        prog_name = prog.label
        for part in (t.name, status, prog_name, t.record["province"]):
            assert part in d, f"{t.slug}: {part!r} not in description {d!r}"
        seen.add(d)
    assert len(seen) == min(8, len(cat.towns)), "town pages share a description"
    for kind in ("province", "programme", "list", "directory"):
        if kind in site_pages:
            d = _meta(_head(built_site, site_pages[kind].rstrip("/")), "name", "description")
            assert d and d[0] != cfg["site_description"], f"{kind}: no description of its own"


@pytest.mark.parametrize("kind", KINDS)
def test_head_has_one_title_open_graph_and_lang(built_site, site_pages, page_url, kind):
    cfg = _config()
    url = page_url(kind)
    head = _head(built_site, url.rstrip("/"))
    assert head.lang == "zh-Hans", f"{kind}: <html lang={head.lang!r}>"
    og = {m["property"]: m.get("content") for m in head.meta if m.get("property", "").startswith("og:")}
    for prop in ("og:title", "og:description", "og:type", "og:url", "og:locale", "og:site_name"):
        assert og.get(prop), f"{kind}: {prop} missing ({sorted(og)})"
    assert og["og:locale"] == "zh_CN" and og["og:site_name"] == cfg["site_name"]
    assert head.canonical == [cfg["site_url"] + url] == [og["og:url"]], (head.canonical, og["og:url"])
    assert og["og:description"] == _meta(head, "name", "description")[0]
    title = head.title.strip()
    assert title.count(cfg["site_name"]) == 1, f"{kind}: title {title!r}"
    if kind == "home":
        assert title == cfg["site_name"] == og["og:title"]
    else:
        assert title == f"{og['og:title']} - {cfg['site_name']}"


def test_town_pages_are_in_the_sitemap(built_site, cat):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    site_url = _config()["site_url"]
    missing = [t.slug for t in cat.towns if f"<loc>{site_url}towns/{t.slug}/</loc>" not in sitemap]
    assert not missing, f"town pages missing from sitemap.xml: {missing}"


def test_top_tabs_fit_at_1280px(page, server, settled):
    page.goto(server)
    settled(page)
    tabs = page.eval_on_selector_all(".md-tabs__item", "els => els.map(e => [e.textContent.trim(), e.getBoundingClientRect().right])")
    assert 3 <= len(tabs) <= 8, tabs
    over = [t for t, right in tabs if right > 1280]
    assert not over, f"tabs past the right edge at 1280 px: {over}"
    assert page.evaluate("(() => { const l = document.querySelector('.md-tabs__list'); return l.scrollWidth <= l.clientWidth + 1; })()")


def test_map_layer_panel_starts_closed_and_attribution_has_no_flag(make_page, server, settled):
    for width in (1280, 375):
        pg = make_page(width=width, height=812)
        pg.goto(server + "maps/overview.html")
        pg.wait_for_function("() => window.townMap && window.townMap.ready", timeout=20_000)
        assert pg.evaluate("document.querySelector('.tm-filter details').open") is False
        box = pg.locator(".tm-filter").bounding_box()
        assert box["width"] * box["height"] < 0.1 * width * 812, f"closed layer panel covers {box} at {width}px"
        prefix = pg.locator(".leaflet-control-attribution")
        assert prefix.text_content().startswith("Leaflet")
        assert prefix.locator("svg, img, .leaflet-attribution-flag").count() == 0
        pg.click(".tm-filter summary")  # the reader can still open it
        assert pg.evaluate("document.querySelector('.tm-filter details').open") is True


def _leaflet_requested(pg) -> bool:
    return any("/leaflet" in u or "/maps/town.html" in u for u in pg.requests)


_MAP_TOP = "() => document.querySelector('[data-map-lazy]').getBoundingClientRect().top + window.scrollY"

# Resolves once the box is in view, by an observer of the test's own: IntersectionObserver callbacks of
# one update are delivered in the order the observers were made, so the page's (made at load) has run
# by then, and a frame later anything it started has set the iframe's src.
_SEEN_IN_VIEW = """() => ({seen: new Promise(done => {
    const io = new IntersectionObserver(entries => {
        if (entries.some(e => e.isIntersecting)) { io.disconnect(); requestAnimationFrame(() => requestAnimationFrame(done)); }
    });
    io.observe(document.querySelector('[data-map-lazy]'));
})})"""


def _viewport_below_the_map(make_page, url: str, width: int) -> int:
    """A viewport height at which the town page's small map starts well below the fold. Where the map
    stands depends on the fonts (without CJK fonts alaer-shahe's map started at 761 px, in view at
    1280×800; with them at 812 px), so it is measured in this browser, not assumed."""
    probe = make_page(width=width, height=800)
    probe.goto(url)
    probe.wait_for_load_state("load")
    top = probe.evaluate(_MAP_TOP)
    height = int(min(800, top - 200))  # 800: a laptop's height, and a phone's (812) less its toolbars
    assert height >= 240, f"{url}: the small map starts at {top:.0f} px, too near the top to test lazy loading"
    return height


def test_small_map_loads_only_when_scrolled_to_or_asked_for(make_page, server, page_url, settled):
    town = page_url("town")
    # wide screen: nothing until the map is scrolled into view
    height = _viewport_below_the_map(make_page, server + town, 1280)
    pg = make_page(width=1280, height=height)
    pg.goto(server + town)
    settled(pg)
    frame = pg.locator("[data-map-lazy] iframe")
    if frame.count() == 0:
        pytest.skip(f"{town} has no small map")
    assert pg.evaluate(_MAP_TOP) > height + 100, "the map is not below the fold: the test proves nothing"
    assert frame.get_attribute("src") is None and not _leaflet_requested(pg)
    place = pg.locator(".tb-map-lazy__place").text_content()
    assert re.search(r"\d+\.\d+", place), f"placeholder does not say where the town is: {place!r}"
    pg.locator("[data-map-lazy]").scroll_into_view_if_needed()
    pg.wait_for_function("() => document.querySelector('[data-map-lazy] iframe').getAttribute('src')", timeout=5_000)
    pg.wait_for_function("() => !document.querySelector('[data-map-lazy] iframe').hidden")
    # phone: scrolling past it loads nothing; the button does
    height = _viewport_below_the_map(make_page, server + town, 375)
    ph = make_page(width=375, height=height)
    ph.goto(server + town)
    settled(ph)
    assert ph.evaluate(_MAP_TOP) > height + 100, "the map is not below the fold on the phone: the test proves nothing"
    watch = ph.evaluate_handle(_SEEN_IN_VIEW)
    ph.locator("[data-map-lazy]").scroll_into_view_if_needed()
    ph.evaluate("w => w.seen", watch)  # awaits the promise: the box was in view and two frames have passed
    assert ph.locator("[data-map-lazy] iframe").get_attribute("src") is None and not _leaflet_requested(ph)
    ph.click(".tb-map-lazy__open")
    ph.wait_for_function("() => document.querySelector('[data-map-lazy] iframe').getAttribute('src')", timeout=5_000)
    ph.wait_for_function("() => window.frames[0] && window.frames[0].townMap", timeout=10_000)
    assert ph.locator(".tb-map-lazy__placeholder").is_hidden()


def _dir_ready(pg):
    pg.wait_for_function("() => document.getElementById('tb-dir').dataset.ready === 'true'", timeout=20_000)


def test_directory_on_a_phone_shows_results_first(make_page, server):
    pg = make_page(width=375, height=812)
    pg.goto(server + "directory/")
    _dir_ready(pg)
    first = pg.locator("#tb-dir-rows tr").first.bounding_box()
    assert first is not None and first["y"] + 40 < 812, f"first result starts at {first} on a 812 px screen"
    assert pg.locator("#tb-dir-facets").is_hidden(), "the facets come before the results"
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide"
    # a compact card: name, place, programme and badge, no wider than the screen
    card = pg.locator("#tb-dir-rows tr").first
    assert card.locator("a").count() == 1 and card.locator(".tb-badge").count() == 1
    assert card.bounding_box()["height"] < 160
    toggle = pg.locator("#tb-dir-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert pg.locator("#tb-dir-facets").is_visible()
    pg.locator("#tb-dir-facets input[type=checkbox]").first.check()
    _dir_ready(pg)
    assert "（1）" in toggle.text_content()
    pg.click("#tb-dir-done")
    assert pg.locator("#tb-dir-facets").is_hidden()


@pytest.mark.parametrize("width", [1280, 375])
def test_directory_facet_targets_are_at_least_24px(make_page, server, width):
    pg = make_page(width=width, height=812)
    pg.goto(server + "directory/")
    _dir_ready(pg)
    if width == 375:
        pg.click("#tb-dir-toggle")
    boxes = pg.eval_on_selector_all("#tb-dir-facets input[type=checkbox]", """els => els.map(e => {
        e.scrollIntoView({block: 'nearest'}); const r = e.getBoundingClientRect();
        return [e.id, r.width, r.height]; })""")
    assert boxes, "no facet checkbox"
    small = [b for b in boxes if b[1] < 24 or b[2] < 24]
    assert not small, f"{len(small)} of {len(boxes)} facet checkboxes under 24 px: {small[:5]}"


def test_directory_at_1280px_gives_the_results_most_of_the_width(page, server):
    page.goto(server + "directory/")
    _dir_ready(page)
    assert page.locator(".md-sidebar--primary").is_hidden(), "site navigation beside the directory"
    table = page.locator(".tb-dir__table").bounding_box()
    assert table["width"] >= 800, f"results table is {table['width']}px wide at 1280 px"
    assert page.evaluate("(() => { const t = document.querySelector('.tb-dir__table'); return t.scrollWidth <= t.clientWidth + 1; })()")
