"""Search: a Pagefind 1.4.0 (extended) index of the built site, written in post_build.

Why 1.4.0: 1.5.x segments Chinese with jieba at index time but with the browser's segmenter at
query time, so index and query disagree (see shared/research/toolchain-measurements.md).

What is indexed
- every page with `data-pagefind-body` (towns, lists, programmes, provinces, policies); a town
  page's criteria table is left out (its clause text names 孵化器, 众创空间 … on every page of a
  programme, which would make every town match and every common word's index chunk grow);
- each platform is a heading with an id (towns/<slug>/#platform-N) on its town page, so Pagefind
  returns it as a sub-result of the town: a query for 孵化器 returns the towns that hold
  incubators and, under each, the incubators themselves. One indexed page per town (not one
  more per platform) halves the index metadata every first query loads (measured at 10,000
  towns: pf_meta 127 KB with a record page per platform);
- name fragments: jieba keeps 张槎街道 as one word and Pagefind matches query words by prefix,
  so 槎街 or 街道 alone would miss. `name_grams` puts every 2-character window of a name into a
  `data-pagefind-index-attrs` attribute on the town's heading (not shown, not read aloud).

Nothing here imports MkDocs; Playwright is imported only by the measuring helpers.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import html
import json
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

EXCLUDE = [".headerlink", ".md-source-file", ".tb-record"]
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def name_grams(*names: str) -> str:
    """Every 2-character window of the Chinese runs in the names, space separated, deduplicated."""
    seen: dict[str, None] = {}
    for name in names:
        for run in _HAN.findall(name or ""):
            for i in range(len(run) - 1):
                seen.setdefault(run[i:i + 2], None)
    return " ".join(seen)


def platforms_meta(platforms: list[dict]) -> str:
    """A town's platforms as compact JSON for its `platforms` Pagefind meta: [[n, name, kind], ...].

    n is the anchor number (towns/<slug>/#platform-n). The search page uses it to name each
    matched platform and its kind, and to list a town's platforms of a kind when that facet is
    chosen without a query."""
    return json.dumps([[p.index, p.name, p.kind] for p in platforms],
                      ensure_ascii=False, separators=(",", ":"))


def _pagefind(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--exclude-selectors", ", ".join(EXCLUDE)]


def _indexed(returncode: int, output: str) -> dict:
    """Pagefind's report, or the error it ended with."""
    if returncode != 0:
        raise RuntimeError(f"pagefind exited {returncode}: {output[-2000:]}")
    pages = re.search(r"Indexed (\d+) pages?", output)
    return {"pages": int(pages.group(1)) if pages else None}


def build_index(site_dir: Path) -> dict:
    """Index the built site into site_dir/pagefind/ with the Pagefind CLI. Raises on failure."""
    result = subprocess.run(_pagefind(Path(site_dir)), capture_output=True, text=True)
    return _indexed(result.returncode, result.stdout + result.stderr)


class BackgroundIndex:
    """Pagefind over the pages' bodies, run while the builder still writes the themed pages.

    Pagefind reads only what is inside `data-pagefind-body` and names each result by its first
    <h1>, so the page bodies alone, at the same paths, give the index the finished site would.
    Indexing them in a second process while the theme renders (one core each) takes Pagefind's
    time, about half of a 10,000-town build, off the build's critical path."""

    def __init__(self, lang: str = "zh-Hans"):
        self.lang = lang
        self.dir = Path(tempfile.mkdtemp(prefix="towns-search-"))
        self.proc: subprocess.Popen | None = None

    def add(self, url: str, title: str, body: str) -> None:
        """One page: its site-relative URL (directory style, "towns/x/"), title and body HTML."""
        if "data-pagefind-body" not in body:
            return  # the site marks what is searchable; other pages stay out of the index
        target = self.dir / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!doctype html>\n<html lang="{html.escape(self.lang)}"><head><meta charset="utf-8">'
                          f"<title>{html.escape(title or '')}</title></head><body>{body}</body></html>\n",
                          encoding="utf-8")

    def start(self) -> None:
        self.proc = subprocess.Popen(_pagefind(self.dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self, site_dir: Path) -> dict:
        """Wait for Pagefind and move its bundle to site_dir/pagefind/. Raises on failure."""
        try:
            if self.proc is None:
                self.start()
            out, _ = self.proc.communicate()
            report = _indexed(self.proc.returncode, out)
            target = Path(site_dir) / "pagefind"
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(self.dir / "pagefind"), str(target))
            return report
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def cancel(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        shutil.rmtree(self.dir, ignore_errors=True)


def index_size(site_dir: Path) -> dict:
    """Bytes of the search bundle on disk, by part."""
    root = Path(site_dir) / "pagefind"
    parts = {"index": 0, "fragment": 0, "filter": 0, "other": 0}
    for f in root.rglob("*"):
        if f.is_file():
            key = next((k for k in ("index", "fragment", "filter") if f.parent.name == k), "other")
            parts[key] += f.stat().st_size
    parts["total"] = sum(parts.values())
    return parts


# ---- measuring and querying in a real browser --------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def serve(site_dir: Path, compress: bool = False):
    """The built site on http://127.0.0.1:<port>/ in a thread; with compress, text files go
    gzip-encoded to clients that accept it, as static hosts such as GitHub Pages send them."""
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _CompressingHandler(_QuietHandler):
    TEXT = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".csv", ".geojson"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.TEXT or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def _browser(executable: str = "/usr/bin/chromium"):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _part(url: str) -> str:
    """Which part of the Pagefind bundle a URL is: js, wasm, meta, index, filter, fragment, other."""
    name = url.split("/pagefind/", 1)[1].split("?", 1)[0]
    if "/" in name:
        return name.split("/", 1)[0]
    return {"pagefind.js": "js", "pagefind-entry.json": "entry"}.get(name) or (
        "wasm" if name.startswith("wasm.") else "meta" if name.endswith(".pf_meta") else "other")


def measure_query_bytes(site_dir: Path, *queries: str, executable: str = "/usr/bin/chromium") -> list[dict]:
    """Bytes fetched from /pagefind/ for each query typed on the search page, each in a fresh
    browser context (empty cache), so every figure is a first query and includes the set-up
    (pagefind.js, its wasm, the index metadata).

    Returns one dict per query: {"query", "total", "parts": {part: bytes}, "raw", "shown",
    "matches"}. Bytes are the response bodies as transferred from a server that gzips text files
    as GitHub Pages does (Pagefind's index files and wasm are gzip already and go as they are);
    "raw" is the same total with no HTTP compression at all."""
    out = []
    with serve(Path(site_dir), compress=True) as base, _browser(executable) as browser:
        for q in queries:
            context = browser.new_context()
            page = context.new_page()
            sizes: list[tuple[str, int, int]] = []

            def on_finished(req, sizes=sizes):
                if "/pagefind/" in req.url:
                    with contextlib.suppress(Exception):
                        resp = req.response()
                        sizes.append((_part(req.url), req.sizes()["responseBodySize"], len(resp.body())))

            page.on("requestfinished", on_finished)
            page.goto(f"{base}search/")
            page.wait_for_function("() => document.querySelector('#tb-search-status')?.dataset.state === 'ready'",
                                   timeout=60000)
            page.fill("#tb-search-input", q)
            page.press("#tb-search-input", "Enter")
            page.wait_for_function("() => document.querySelector('#tb-search-status')?.dataset.state === 'done'",
                                   timeout=60000)
            page.wait_for_load_state("networkidle")
            n = page.eval_on_selector_all("#tb-search-results > li", "els => els.length")
            matched = page.text_content("#tb-search-status") or ""
            context.close()
            parts: dict[str, int] = {}
            for part, size, _ in sizes:
                parts[part] = parts.get(part, 0) + size
            m = re.search(r"(\d+) results", matched)
            out.append({"query": q, "total": sum(parts.values()), "parts": parts, "raw": sum(r for *_, r in sizes),
                        "shown": n, "matches": int(m.group(1)) if m else 0})
    return out


if __name__ == "__main__":  # python -m generator.search <site_dir> <query>...
    site = Path(sys.argv[1])
    print(json.dumps({"index": index_size(site)}, ensure_ascii=False))
    for r in measure_query_bytes(site, *sys.argv[2:]):
        print(json.dumps(r, ensure_ascii=False))
