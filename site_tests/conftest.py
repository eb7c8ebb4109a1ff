"""Fixtures for tests against a built site in a real browser (Chromium via Playwright).

Session fixtures:
* ``built_site`` – the REAL repository's site, built once with ``mkdocs build -d <tmp>``.
* ``server``     – ``built_site`` served on 127.0.0.1 (random free port); the base URL.
* ``serve``      – a factory: ``serve(site_dir) -> base URL`` for other built sites.
* ``browser``    – Playwright Chromium (Debian's ``/usr/bin/chromium``; never downloaded).
  Missing binary: the test fails (make test installs Chromium; nothing is skipped).
Per test:
* ``page`` – a fresh page (own context) that records ``page.requests`` (every URL),
  ``page.console_errors`` (console errors and uncaught exceptions) and ``page.blocked``
  (requests to other hosts, aborted). Map tile hosts get a 1x1 PNG, so nothing needs the
  network. A blocked request fails the test at teardown.

``make_page(width, height)`` – a factory for more such pages (e.g. at 375 px).
``site_pages`` – one URL (relative to the server) per page type present in ``built_site``.
``settled(page)`` – wait for network idle and the page's own ready signals (no fixed sleep).

Helpers for other suites: ``build_site(config_file, dest)``, ``page_urls(site_dir)``.
"""
from __future__ import annotations

import base64
import fnmatch
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TILE_HOSTS = ("*.is.autonavi.com", "tile.openstreetmap.org", "*.tile.openstreetmap.org", "*.tianditu.gov.cn")
LOCAL_HOSTS = ("127.0.0.1", "localhost")
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def build_site(config_file: Path, dest: Path, cwd: Path | None = None, timeout: int = 900) -> Path:
    """`mkdocs build -f config -d dest` in a subprocess; fails the test with MkDocs' output."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(dest)]
    result = subprocess.run(cmd, cwd=cwd or Path(config_file).parent, capture_output=True, text=True,
                            env=env, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed ({' '.join(cmd)}):\n{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
    return Path(dest)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("real") / "site", cwd=REPO)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve_dir(site_dir: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


@pytest.fixture(scope="session")
def serve():
    servers = []

    def start(site_dir: Path) -> str:
        url, httpd = _serve_dir(Path(site_dir))
        servers.append(httpd)
        return url

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(built_site, serve) -> str:
    return serve(built_site)


def _chromium() -> str | None:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _cjk_font() -> bool:
    """Noto Sans CJK (Debian's fonts-noto-cjk) is what the browser draws the Chinese text with."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "Noto Sans CJK" in out


@pytest.fixture(scope="session")
def browser():
    if not _cjk_font():
        # without a CJK font every layout check, screenshot and Lighthouse run measures boxes of
        # missing glyphs, and page lengths differ from what readers see (make fonts installs it)
        pytest.fail("Noto Sans CJK not found (make test installs Debian's fonts-noto-cjk)")
    exe = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if exe is None or sync_playwright is None:
        why = "Chromium not found (make browser installs Debian's chromium)" if exe is None else "playwright not installed"
        pytest.fail(why)  # make test installs both: a missing one is a failure, never a skip
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _is_tile(host: str) -> bool:
    return any(fnmatch.fnmatch(host, pat) for pat in TILE_HOSTS)


def new_page(browser, width: int = 1280, height: int = 900):
    """A page in its own context with request recording and offline routing."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    pg = context.new_page()
    pg.requests, pg.console_errors, pg.blocked, pg.tiles, pg.dialogs = [], [], [], [], []

    def route(r):
        url = r.request.url
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme in ("data", "blob", "about") or host in LOCAL_HOSTS:
            return r.continue_()
        if _is_tile(host):
            pg.tiles.append(url)
            return r.fulfill(status=200, content_type="image/png", body=PNG_1X1)
        pg.blocked.append(url)
        return r.abort()

    context.route("**/*", route)
    pg.on("request", lambda req: pg.requests.append(req.url))
    pg.on("console", lambda msg: pg.console_errors.append(f"console.{msg.type}: {msg.text} @ {pg.url}")
          if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.console_errors.append(f"uncaught: {exc} @ {pg.url}"))
    return context, pg


@pytest.fixture
def page(browser):
    context, pg = new_page(browser)
    yield pg
    blocked = list(pg.blocked)
    context.close()
    if blocked:
        pytest.fail("requests left the site (aborted): " + ", ".join(sorted(set(blocked))[:20]))


@pytest.fixture
def make_page(browser):
    """A factory: ``make_page(width=375)`` gives another recording page; closed after the test."""
    made = []

    def make(width: int = 1280, height: int = 900):
        context, pg = new_page(browser, width, height)
        made.append((context, pg))
        return pg

    yield make
    blocked = [u for _, pg in made for u in pg.blocked]
    for context, _ in made:
        context.close()
    if blocked:
        pytest.fail("requests left the site (aborted): " + ", ".join(sorted(set(blocked))[:20]))


# What "settled" means, each a condition the page reports, none a guess at how long it takes: the
# document and its fonts loaded; a map (window.townMap) or the directory (#tb-dir) that the page
# holds has said it is ready; then two animation frames, so the layout of the last script is done.
_SETTLED = """() => document.readyState === 'complete' && document.fonts.status === 'loaded'
    && (!window.townMap || window.townMap.ready === true)
    && (!document.getElementById('tb-dir') || document.getElementById('tb-dir').dataset.ready === 'true')"""
_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def settle(pg, timeout: int = 20_000) -> None:
    """Let maps and late scripts run: network idle (at most `timeout`), then the page's own signals
    that it is ready (_SETTLED), then two frames."""
    try:
        pg.wait_for_load_state("networkidle", timeout=timeout)
    except Exception:
        pass  # a page that keeps polling is judged by its own signals below
    pg.wait_for_function(_SETTLED, timeout=timeout)
    pg.evaluate(_TWO_FRAMES)


@pytest.fixture(scope="session")
def settled():
    return settle


def page_urls(site_dir: Path) -> dict[str, str]:
    """One site-relative URL per page type present in the build (directory URLs)."""
    site_dir = Path(site_dir)
    urls = {"home": ""}

    def first(folder: str) -> str | None:
        pages = sorted(p.parent.name for p in (site_dir / folder).glob("*/index.html"))
        return f"{folder}/{pages[0]}/" if pages else None

    singular = {"towns": "town", "provinces": "province", "programmes": "programme", "lists": "list", "policies": "policy"}
    for folder, kind in singular.items():
        if (site_dir / folder / "index.html").is_file():
            urls[f"{folder}-index"] = f"{folder}/"
        item = first(folder)
        if item:
            urls[kind] = item
    # the other top-level pages (directory, map, platforms, data, coverage, about, …)
    for index in sorted(site_dir.glob("*/index.html")):
        folder = index.parent.name
        if folder in singular or folder in ("assets", "pagefind") or folder.startswith("_"):
            continue
        urls.setdefault(folder, f"{folder}/")
    return urls


@pytest.fixture(scope="session")
def site_pages(built_site) -> dict[str, str]:
    return page_urls(built_site)




@pytest.fixture(scope="session")
def page_url(site_pages):
    """kind -> site-relative URL of that page type; every build has every type, so a missing one fails."""
    def url(kind: str) -> str:
        if kind not in site_pages:
            pytest.fail(f"the build has no {kind} page")
        return site_pages[kind]
    return url


@pytest.fixture(scope="module")
def cat():
    """The real records, loaded and checked (they must hold no problem)."""
    from generator.records.catalog import load_catalog

    c = load_catalog(REPO)
    assert not c.problems
    return c
