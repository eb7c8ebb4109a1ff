"""The real site in Chromium: every page type loads cleanly, offline, at phone width."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


CORE = ["home", "town", "province", "programme", "list", "policy"]
OPTIONAL = ["provinces-index", "programmes-index", "lists-index", "policies-index",
            "directory", "map", "platforms", "data", "coverage", "about", "search", "recent"]
CDN = ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs")




@pytest.mark.parametrize("kind", CORE + OPTIONAL)
def test_page_loads_without_errors_or_external_requests(page, server, site_pages, page_url, settled, kind):
    response = page.goto(server + page_url(kind))
    assert response is not None and response.status == 200, f"{kind}: HTTP {response and response.status}"
    settled(page)
    assert page.console_errors == [], f"{kind}: console errors:\n" + "\n".join(page.console_errors)
    assert page.blocked == [], f"{kind}: requests leaving the site (only map tiles may): {page.blocked}"
    missing = [u for u in page.requests if u.startswith(server)]
    assert missing, f"{kind}: no request recorded"


def _towns(built_site: Path) -> list[dict]:
    data = json.loads((built_site / "data" / "towns.json").read_text(encoding="utf-8"))
    return data["towns"]


def _repo_url() -> str:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^repo_url:\s*(\S+)", text, re.M).group(1).rstrip("/")


def test_propose_a_change_points_at_the_town_record(page, server, built_site):
    towns = _towns(built_site)
    assert towns, "towns.json lists no town"
    picks = [towns[0], towns[len(towns) // 2], towns[-1]]
    for town in picks:
        page.goto(f"{server}towns/{town['slug']}/")
        links = page.locator("a[rel=edit], a.tb-edit")
        assert links.count() >= 1, f"{town['slug']}: no 'propose a change' link"
        hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
        expected = f"{_repo_url()}/edit/main/{town['file']}"
        assert town["file"] == f"towns/{town['province_code']}/{town['slug']}.yml"
        assert hrefs == {expected}, f"{town['slug']}: edit links {hrefs}, expected {expected}"


def test_town_page_title_is_the_name_and_front_matter_is_not_shown(page, server, built_site):
    town = _towns(built_site)[0]
    page.goto(f"{server}towns/{town['slug']}/")
    assert page.title().startswith(town["name"]), page.title()
    article = page.locator("article").inner_text()
    assert "title:" not in article and "description:" not in article, \
        f"front matter rendered as page text on towns/{town['slug']}/: {article[:200]!r}"


@pytest.mark.parametrize("kind", CORE + OPTIONAL)
def test_page_fits_a_375px_screen(make_page, server, site_pages, page_url, settled, kind):
    url = server + page_url(kind)
    pg = make_page(width=375, height=740)
    pg.goto(url)
    settled(pg)
    width = pg.evaluate("document.documentElement.scrollWidth")
    if width > 375:
        culprits = pg.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 376)
            .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right))""")
        pytest.fail(f"{kind}: document is {width}px wide at 375px; widest: {culprits}")


def test_no_html_file_refers_to_a_cdn(built_site):
    offenders = []
    for html in sorted(built_site.rglob("*.html")):
        text = html.read_text(encoding="utf-8", errors="replace")
        for host in CDN:
            if host in text:
                offenders.append(f"{html.relative_to(built_site)}: {host}")
    assert offenders == [], "\n".join(offenders)


@pytest.mark.parametrize("kind", ["province", "programme"])
def test_feed_link_in_the_head_of_province_and_programme_pages(page, server, page_url, kind):
    """A feed reader finds the page's own feed in the head; the link on the page is the same
    feed, and what it serves parses as Atom with every entry linked."""
    import feedparser

    url = f"{server}{page_url(kind)}"
    page.goto(url)
    head = page.locator("head link[type='application/atom+xml']")
    hrefs = [head.nth(i).evaluate("el => el.href") for i in range(head.count())]
    own = [h for h in hrefs if f"/feeds/{kind}-" in h]
    assert len(own) == 1, f"{kind}: feed links in the head {hrefs}"
    assert "alternate" in head.nth(hrefs.index(own[0])).get_attribute("rel").split()
    body = page.locator("article a[type='application/atom+xml']").evaluate_all("els => els.map(e => e.href)")
    assert body == own, f"{kind}: the page links {body}, the head {own}"
    response = page.request.get(own[0])
    assert response.ok, own[0]
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo and parsed.feed.title, own[0]
    assert all(e.id and e.updated and e.link for e in parsed.entries)


def test_town_page_shows_its_history_section(page, server, built_site):
    town = _towns(built_site)[0]
    page.goto(f"{server}towns/{town['slug']}/")
    heading = page.locator("h2#history")
    assert heading.is_visible() and heading.inner_text().startswith("修改历史")
    items = page.locator("ol.tb-history li")
    unknown = page.locator(".tb-history-unknown")
    assert items.count() >= 1 or unknown.count() == 1
    if items.count():
        assert re.match(r"\d{4}-\d{2}-\d{2}", items.first.inner_text()), items.first.inner_text()


@pytest.mark.parametrize("kind", ["home", "towns/tianhe/", "programme", "list", "coverage", "recent", "lists-index"])
def test_generated_tables_come_wrapped_so_the_theme_leaves_them_in_place(page, server, page_url, settled, kind):
    """Every table our templates make carries Material's scroll wrapper and a class, so Material's
    script does not take it out and put it back after load (a second layout of the whole page:
    1.1 s of blocking time on a phone for 最近更新). Looks as before: Material's rules, copied."""
    page.goto(server + (kind if "/" in kind else page_url(kind)))
    settled(page)
    tables = page.eval_on_selector_all(".md-content table:not(.tb-dir__table):not(.tb-cmp__table)", """els => els.map(t => ({
        cls: t.className, wrapped: !!t.closest('.md-typeset__table'),
        twice: !!(t.closest('.md-typeset__scrollwrap') && t.closest('.md-typeset__scrollwrap').parentElement.closest('.md-typeset__scrollwrap')),
        padding: getComputedStyle(t.querySelector('td, th')).paddingLeft,
        inChart: !!t.closest('.tb-chart__data')}))""")
    assert tables, kind
    for t in tables:
        assert "tb-table" in t["cls"].split(), (kind, t)
        assert t["inChart"] or (t["wrapped"] and not t["twice"]), (kind, t)
        assert float(t["padding"].rstrip("px")) > 0, (kind, t)  # Material's cell padding holds
