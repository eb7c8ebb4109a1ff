"""Search, measured: the Pagefind bundle's size on disk and the bytes a first query fetches in a
real browser, from a built site served on 127.0.0.1 (gzip, as static hosts send it).

Run: python -m generator.tools.search_bench <site_dir> <query>...   (make bench uses it too)
Playwright is imported only when a browser is needed.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import re
import sys
import threading
from pathlib import Path


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


NAMES = "/data/names/"  # the exact-name table's shards (outputs/search.py exact_names)


def _counted(url: str) -> bool:
    """A request a query makes: Pagefind's bundle or a shard of the exact-name table."""
    return "/pagefind/" in url or NAMES in url


def _part(url: str) -> str:
    """Which part of a query's fetches a URL is: js, wasm, meta, index, filter, fragment, names, other."""
    if NAMES in url:
        return "names"
    name = url.split("/pagefind/", 1)[1].split("?", 1)[0]
    if "/" in name:
        return name.split("/", 1)[0]
    return {"pagefind.js": "js", "pagefind-entry.json": "entry"}.get(name) or (
        "wasm" if name.startswith("wasm.") else "meta" if name.endswith(".pf_meta") else "other")


def measure_query_bytes(site_dir: Path, *queries: str, executable: str = "/usr/bin/chromium") -> list[dict]:
    """Bytes fetched from /pagefind/ and the exact-name table for each query typed on the search page, each in a fresh
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
                if _counted(req.url):
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


if __name__ == "__main__":  # python -m generator.tools.search_bench <site_dir> <query>...
    site = Path(sys.argv[1])
    print(json.dumps({"index": index_size(site)}, ensure_ascii=False))
    for r in measure_query_bytes(site, *sys.argv[2:]):
        print(json.dumps(r, ensure_ascii=False))
