"""Lighthouse (npm, 12.2.3) scores 100 in accessibility, best practices and SEO on the home
page, a town page, the directory, search and the map, on mobile (Lighthouse's default) and
desktop (``--preset=desktop``). Performance is measured by `make bench` (generator/tools/bench.py).

The real site is served under /town-directory/, the path it has on its host, so links that
only work from the server's root would show. robots.txt: Lighthouse asks the server's root
(/robots.txt), which a project site does not own; the 404 makes that audit not applicable.

Discounted, and only this: the map tiles, the one thing a page loads from another host,
fail offline. Their hosts are blocked (``lighthouse.TILE_URL_PATTERNS``), so Chromium logs
them as ``net::ERR_BLOCKED_BY_CLIENT.Inspector``, which Lighthouse's errors-in-console audit
ignores by default. Any other failed request or console error still costs best practices.
"""
from __future__ import annotations

import pytest

from generator.tools import lighthouse

CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = {
    "home": "",
    "town": "towns/tianhe/",
    "directory": "directory/",
    "programme": "programmes/gd-internet-plus/",  # with its chart
    "coverage": "coverage/",
    "compare": "compare/?t=tianhe",
    "search": "search/?q=天河",
    "map": "map/",
}
BASE_PATH = "town-directory"


@pytest.fixture(scope="module")
def site_url(built_site, serve, tmp_path_factory) -> str:
    """The built site served at http://127.0.0.1:<port>/town-directory/."""
    root = tmp_path_factory.mktemp("lighthouse-root")
    (root / BASE_PATH).symlink_to(built_site, target_is_directory=True)
    return serve(root) + BASE_PATH + "/"


@pytest.mark.parametrize("form", ["mobile", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_scores_100(site_url, name, form):
    url = site_url + PAGES[name]
    lhr = lighthouse.run(url, CATEGORIES, desktop=form == "desktop")
    got = lighthouse.scores(lhr)
    assert lhr["finalDisplayedUrl"].startswith(site_url), f"{url} ended on {lhr['finalDisplayedUrl']}"
    low = {c: got[c] for c in CATEGORIES if got.get(c) != 1}
    assert not low, (f"Lighthouse on {name} ({form}, {url}) scored {got}; failing audits:\n"
                     + lighthouse.describe_failures(lhr, CATEGORIES))


def test_pages_do_not_make_material_fetch_the_sitemap(server, page, settled):
    """Material fetches and parses sitemap.xml (every page of the site) for each
    link[rel=alternate] on a page; the feed link is rel="alternate feed" so that no page pays
    for it (about 200 ms of mobile blocking time on the directory at 1,000 towns)."""
    for path in ("", "directory/", "towns/tianhe/"):
        page.goto(server + path)
        settled(page)
        assert page.locator('link[rel~="alternate"][type="application/atom+xml"]').count() == 1, path
    assert not [u for u in page.requests if u.endswith("sitemap.xml")], "a page fetched sitemap.xml"
