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

The search page itself (/search/) is made here too: its filters come from the catalog, so a
reader can filter before any index file is fetched. Nothing here imports MkDocs; the
measurements of search in a real browser are in tools/search_bench.py.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.derive import lifecycle
from generator.derive.names import all_names, normal
from generator.outputs.files import Generated, dumps
from generator.outputs.industry import sector, sectors
from generator.outputs.urls import SITE
from generator.outputs.urls import platform_anchor
from generator.records.validate import schema

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


def platforms_meta(platforms: list) -> str:
    """A town's platforms as compact JSON for its `platforms` Pagefind meta: [[n, name, kind], ...].

    n is the anchor number (towns/<slug>/#platform-n). The search page uses it to name each
    matched platform and its kind, and to list a town's platforms of a kind when that facet is
    chosen without a query."""
    return json.dumps([[p.index, p.name, p.kind] for p in platforms],
                      ensure_ascii=False, separators=(",", ":"))


# The exact-name table: every name that finds a place (derive/names.py), folded by names.normal,
# in shards of about NAMES_PER_SHARD names chosen by a hash of the name, so a query fetches one
# small file whatever the number of towns (a shard by first character would put all 10,000
# synthetic 合成… names in one). The search page puts the places a query names exactly first.
NAMES_PER_SHARD = 64


def shard_of(key: str, shards: int) -> int:
    """FNV-1a (32 bit) over the key's UTF-16 code units, modulo the shard count; search.js
    computes the same."""
    h = 0x811C9DC5
    data = key.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def exact_names(ctx, towns: list) -> tuple[list[Generated], int]:
    """The exact-name table's shards and their count. Each shard: {name: [[town route, title,
    status code, programme, province], ...]} (routes site-relative, from urls.py)."""
    table: dict[str, list] = {}
    for t in towns:
        row = ctx.rows.place(t)
        entry = [SITE.town(t.slug), t.name, row.status.code, " · ".join(d.programme_name for d in row.designations),
                 t.record["province"]]
        for n in all_names(t):
            key = normal(n)
            if key and entry not in table.setdefault(key, []):
                table[key].append(entry)
    shards = max(1, -(-len(table) // NAMES_PER_SHARD))
    parts: list[dict] = [{} for _ in range(shards)]
    for key in sorted(table):
        parts[shard_of(key, shards)][key] = table[key]
    return [Generated(SITE.data(f"names/{i}.json"), dumps(part)) for i, part in enumerate(parts)], shards


def generate(ctx) -> list:
    """The search page: its filter values come from the catalog (no filter download before a query)."""
    towns = sorted(ctx.cat.towns, key=lambda t: t.slug)
    places = [ctx.rows.place(t) for t in towns]
    kinds = {p.kind for t in towns for p in t.platforms}
    used = {sector(t.record.get("lead_industry")) for t in towns}
    values = {
        "status": [ctx.rows.status(s).words for s in lifecycle.STATUSES
                   if any(d.status == s for t in towns for d in t.designations)],
        "programme": sorted({d.programme_name for r in places for d in r.designations}),
        "province": sorted({r.province for r in places}),
        "town_type": sorted({d.town_type for t in towns for d in t.designations if d.town_type}),
        "platform_kind": [k for k in schema("town")["$defs"]["platform_kind"]["enum"] if k in kinds],
        "sector": [s.zh for s in sectors() if s in used],
    }
    status_labels = {code: ctx.rows.status(code).as_dict() for code in [*lifecycle.STATUSES, "unknown"]}
    shards, count = exact_names(ctx, towns)
    return [*shards, ctx.render.page("search/index.md", "search.html", values=values,
                                     labels_json=json.dumps(status_labels, ensure_ascii=False),
                                     names_shards=count, names_route=SITE.data("names/{n}.json"),
                                     platform_anchor="#" + platform_anchor("{n}"))]  # search.js puts N in


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
