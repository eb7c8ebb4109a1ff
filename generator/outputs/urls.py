"""Every route of the site, in one place: one method per route, each building on the one above,
the base applied once (the pattern of datasette's url_builder).

The base is what stands before a route: "" (site-relative, as the map data and the page files
use them), a page's way back to the site root ("../../", for templates), or the site URL (for
published data). Templates get a `Urls` as `urls`; the scripts get the routes they need written
into their page or data, so JavaScript builds no paths either.
"""
from __future__ import annotations

from urllib.parse import urlencode


def designation_anchor(programme: str) -> str:
    return f"designation-{programme}"


def platform_anchor(n: int | str) -> str:
    return f"platform-{n}"


class Urls:
    def __init__(self, base: str = ""):
        self.base = base

    def path(self, route: str = "") -> str:
        return self.base + route

    def home(self) -> str:
        return self.path()

    def town(self, slug: str) -> str:
        return self.path(f"towns/{slug}/")

    def designation(self, slug: str, programme: str) -> str:
        return f"{self.town(slug)}#{designation_anchor(programme)}"

    def platform(self, slug: str, n: int | str) -> str:
        return f"{self.town(slug)}#{platform_anchor(n)}"

    def programme(self, pid: str) -> str:
        return self.path(f"programmes/{pid}/")

    def scheme(self, pid: str, scheme_id: str) -> str:
        """A programme's criteria scheme, on the programme's page."""
        return f"{self.programme(pid)}#scheme-{scheme_id}"

    def province(self, code: str) -> str:
        return self.path(f"provinces/{code}/")

    def list(self, lid: str) -> str:
        return self.path(f"lists/{lid}/")

    def policy(self, pid: str) -> str:
        return self.path(f"policies/{pid}/")

    def clause(self, pid: str, anchor: str) -> str:
        """A clause of a policy text (criteria cite them)."""
        return f"{self.policy(pid)}#{anchor}"

    def page(self, name: str, **query) -> str:
        """A page of its own (directory, map, search, coverage, platforms, data …), with its
        filters in the query string: page("directory", province="广东省")."""
        return self.path(f"{name}/") + (f"?{urlencode(query)}" if query else "")

    def edit(self, slug: str | None = None) -> str:
        """The record form, on one record or (no slug) a new one."""
        return self.page("edit", town=slug) if slug else self.page("edit")

    def data(self, name: str = "") -> str:
        """A file under data/: towns.json, towns.csv, map-points.json …"""
        return self.path(f"data/{name}")

    def town_data(self, slug: str) -> str:
        return self.data(f"towns/{slug}.json")

    def list_csv(self, lid: str) -> str:
        return self.data(f"lists/{lid}.csv")

    def map(self, name: str) -> str:
        """A map document: overview, town, province-<code>, programme-<id>."""
        return self.path(f"maps/{name}.html")

    def map_points(self, name: str) -> str:
        return self.data(f"map/{name}.json")

    def search_bundle(self) -> str:
        """Pagefind's index and script (written after the build)."""
        return self.path("pagefind/")

    def feed(self) -> str:
        return self.path("feed.xml")

    def feed_of(self, kind: str, key: str = "") -> str:
        """A feed of its own: feed_of("province", "44"), feed_of("programme", pid), feed_of("recent")."""
        return self.path(f"feeds/{kind}-{key}.xml" if key else f"feeds/{kind}.xml")

    def commit(self, repo_url: str, sha: str) -> str:
        """A commit on the repository's host (repo_url is absolute: no base)."""
        return f"{repo_url}/commit/{sha}"

    def asset(self, name: str) -> str:
        return self.path(f"assets/{name}")


SITE = Urls()  # site-relative: the paths of generated files and the routes inside the map data
