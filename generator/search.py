"""Search: a Pagefind 1.4.0 (extended) index of the built site, written in post_build.

Why 1.4.0: 1.5.x segments Chinese with jieba at index time but with the browser's segmenter at
query time, so index and query disagree (see shared/research/toolchain-measurements.md).

What is indexed
- every page with `data-pagefind-body` (towns, lists, programmes, provinces, policies);
- each platform as its own record (Pagefind custom record, URL towns/<slug>/#platform-N), so a
  query for 孵化器 returns the incubators themselves beside the towns that hold them;
- name fragments: jieba keeps 张槎街道 as one word and Pagefind matches query words by prefix,
  so 槎街 or 街道 alone would miss. `name_grams` puts every 2-character window of a name into a
  `data-pagefind-index-attrs` attribute on the town's heading (not shown, not read aloud).

Nothing here imports MkDocs; Playwright is imported only by the measuring helpers.
"""
from __future__ import annotations

import contextlib
import functools
import html
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from .catalog import Catalog

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


def platform_records(cat: Catalog) -> list[dict]:
    """One custom record per platform: the platform is a search result of its own."""
    records = []
    for t in sorted(cat.towns, key=lambda t: t.slug):
        prog = cat.programmes.get(t.record["programme"], {})
        status = cat.labels["status"].get(t.status) if t.status else None
        for i, p in enumerate(t.record.get("platforms", []), start=1):
            content = " ".join(x for x in (p["name"], p["kind"], p.get("note", ""), "所在小镇", t.name,
                                           t.record["province"], name_grams(p["name"])) if x)
            meta = {"title": p["name"], "entity": "platform", "kind": p["kind"], "town": t.name,
                    "status": t.status or "unknown", "programme": prog.get("short_name") or prog.get("name", ""),
                    "province": t.record["province"]}
            filters = {"entity": ["平台 platform"], "platform_kind": [p["kind"]], "province": [t.record["province"]],
                       "programme": [meta["programme"]],
                       "status": [f"{status['zh']} {status['en']}" if status else "未知 Unknown"]}
            if t.record.get("town_type"):
                filters["town_type"] = [t.record["town_type"]]
            records.append({"url": f"/towns/{t.slug}/#platform-{i}", "content": content, "language": "zh",
                            "meta": meta, "filters": filters})
    return records


RECORDS_DIR = "_search-records"


def record_page(record: dict) -> str:
    """A platform as a small page Pagefind indexes like any other; removed after indexing.

    Pagefind's Python API answers each custom record after a fixed 0.1 s poll, which made
    5,000 platforms cost minutes; one CLI run over pages costs seconds. The result links to
    the town page anchor through the `target` meta (search.js), not to this page."""
    esc = html.escape
    meta = "".join(f'<span data-pagefind-meta="{esc(k)}">{esc(str(v))}</span>'
                   for k, v in record["meta"].items() if k != "title")
    filters = "".join(f'<span data-pagefind-filter="{esc(k)}">{esc(str(v))}</span>'
                      for k, values in record["filters"].items() for v in values)
    target = record["url"].lstrip("/")
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{esc(record["meta"]["title"])}</title>'
            f'</head><body><main data-pagefind-body><h1 data-pagefind-meta="title">{esc(record["meta"]["title"])}</h1>'
            f'<p>{esc(record["content"])}</p><div hidden data-pagefind-meta="target:{esc(target)}">{meta}{filters}</div>'
            f'</main></body></html>')


def build_index(site_dir: Path, cat: Catalog) -> dict:
    """Index the built site into site_dir/pagefind/ with the Pagefind CLI. Raises on failure."""
    site_dir = Path(site_dir)
    records = platform_records(cat)
    folder = site_dir / RECORDS_DIR
    folder.mkdir(exist_ok=True)
    try:
        for i, record in enumerate(records):
            (folder / f"{i}.html").write_text(record_page(record), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--exclude-selectors", ", ".join(EXCLUDE)],
            capture_output=True, text=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind exited {result.returncode}: {(result.stdout + result.stderr)[-2000:]}")
    pages = re.search(r"Indexed (\d+) pages?", result.stdout)
    return {"pages": int(pages.group(1)) if pages else None, "records": len(records)}


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
def serve(site_dir: Path):
    """The built site on http://127.0.0.1:<port>/ in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
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


@contextlib.contextmanager
def _browser(executable: str = "/usr/bin/chromium"):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _run_query(page, base: str, query: str, params: str = "") -> list[dict]:
    page.goto(f"{base}search/?q={query}{params}")
    page.wait_for_function("() => document.querySelector('#tb-search-status')?.dataset.state === 'done'",
                           timeout=20000)
    return page.eval_on_selector_all(
        "#tb-search-results > li",
        "els => els.map(e => ({url: e.querySelector('a').getAttribute('href'), title: e.querySelector('a').textContent,"
        " entity: e.dataset.entity}))")


def measure_query_bytes(site_dir: Path, query: str, *, executable: str = "/usr/bin/chromium") -> dict:
    """Bytes fetched from /pagefind/ for one query on the search page (first query: includes set-up).

    Returns {"setup": bytes fetched before the query, "query": bytes for the query itself,
    "total": both, "results": n}. Sizes are the bodies as served (no compression by http.server).
    """
    with serve(Path(site_dir)) as base, _browser(executable) as browser:
        page = browser.new_page()
        sizes: list[tuple[str, int]] = []
        phase = {"now": "setup"}

        def on_response(resp):
            if "/pagefind/" in resp.url:
                with contextlib.suppress(Exception):
                    sizes.append((phase["now"], len(resp.body())))

        page.on("response", on_response)
        page.goto(f"{base}search/")
        page.wait_for_function("() => document.querySelector('#tb-search-status')?.dataset.state === 'ready'",
                               timeout=20000)
        phase["now"] = "query"
        page.fill("#tb-search-input", query)
        page.press("#tb-search-input", "Enter")
        page.wait_for_function("() => document.querySelector('#tb-search-status')?.dataset.state === 'done'",
                               timeout=20000)
        page.wait_for_load_state("networkidle")
        n = page.eval_on_selector_all("#tb-search-results > li", "els => els.length")
        setup = sum(s for p, s in sizes if p == "setup")
        q = sum(s for p, s in sizes if p == "query")
        return {"setup": setup, "query": q, "total": setup + q, "results": n}


def query(site_dir: Path, *queries: str, executable: str = "/usr/bin/chromium") -> dict[str, list[dict]]:
    """Results shown by the search page for each query (for tests and measurement)."""
    with serve(Path(site_dir)) as base, _browser(executable) as browser:
        page = browser.new_page()
        return {q: _run_query(page, base, q) for q in queries}


if __name__ == "__main__":  # python -m generator.search <site_dir> <query>...
    import json
    import sys

    site = Path(sys.argv[1])
    print(json.dumps({"index": index_size(site)}, ensure_ascii=False))
    for q in sys.argv[2:]:
        print(q, json.dumps(measure_query_bytes(site, q), ensure_ascii=False))
