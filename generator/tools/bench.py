"""Build benchmark: `python -m generator.tools.bench [--sizes 1000,10000]` (what `make bench` runs).

For each size: generate a synthetic root (generator.synth) in a temporary folder, run the
full build (`mkdocs build` in a subprocess: wall time, peak memory), then the floor: the
same town, list and province pages (the generator's Markdown) built by plain MkDocs +
Material with default plugins and none of our extras. Reports the ratio full/floor, growth
between sizes, page and map sizes, search bytes per query, the site size and, on the
1,000-town site, Lighthouse mobile performance (score, LCP, TBT) of a town page, the
directory and search, with the machine description, to bench/results.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata as md
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.tools import synth

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results.md"
TIME = "/usr/bin/time"
TARGET_SECONDS_10K = 90
TARGET_FLOOR_RATIO = 1.0
TARGET_PEAK_BYTES = 1_000_000_000
TARGET_EDIT_SECONDS_1K = 2.0
STAGES = ("load", "validate", "derive", "map_files", "exports", "pages", "directory", "feed", "edit_form", "theme", "search")
TARGET_GROWTH = 11
TARGET_SITE_BYTES = 1_000_000_000
PACKAGES = ["mkdocs", "mkdocs-material", "pagefind", "folium", "Jinja2", "PyYAML", "jsonschema", "pymdown-extensions"]

FLOOR_CONFIG = """\
site_name: floor
theme:
  name: material
  language: zh
  font: false
not_in_nav: |
  /towns/*
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def _run_measured(cmd: list[str], cwd: Path, extra_env: dict | None = None) -> dict:
    """Run a command; wall seconds and peak RSS (bytes) of the process tree's largest member."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(extra_env or {}))
    if Path(TIME).is_file():
        start = time.perf_counter()
        r = subprocess.run([TIME, "-v", *cmd], cwd=cwd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
        peak = int(m.group(1)) * 1024 if m else None
        how = "/usr/bin/time -v"
    else:  # a fresh child that reports its own children's peak
        probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
                 "c=subprocess.run(sys.argv[1:]).returncode;"
                 "print('BENCH', time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
                 "sys.exit(c)")
        r = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, env=env)
        m = re.search(r"BENCH ([0-9.]+) (\d+)", r.stderr)
        wall, peak = (float(m.group(1)), int(m.group(2)) * 1024) if m else (None, None)
        how = "getrusage(RUSAGE_CHILDREN)"
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return {"wall": wall, "peak": peak, "how": how}


def _floor_docs(root: Path, docs: Path) -> int:
    """The generator's page Markdown for the same root, written into a plain docs folder."""
    from generator import build

    settings = {"site_url": "https://example.invalid/", "repo_url": "", "edit_base": "", "tiles": "amap",
                "tiles_key": "", "search": False, "maps": False, "build_date": dt.date.today().isoformat()}
    out = build.generate(root, settings)
    n = 0
    for f in out.files:
        if f.path.endswith(".md") and f.path.split("/")[0] in ("towns", "lists", "provinces") or f.path == "index.md":
            path = docs / f.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f.content if isinstance(f.content, str) else f.content.decode("utf-8"), encoding="utf-8")
            n += 1
    return n


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


# Queries whose bytes are measured, each as a first query in a fresh browser (set-up included):
# the examples (a platform kind, a phrase from the criteria, a place name in page text,
# a word on nearly every town page) and the synthetic worst case: 合成, the marker that every
# synthetic page repeats in its name, applicant, facts, sources and platforms.
SEARCH_QUERIES = ["孵化器", "骨干企业", "漳州", "小镇", "合成"]
WORST_CASE_QUERY = "合成"
TARGET_QUERY_BYTES = 200_000  # 200 KB as this report counts them (1 KB = 1,000 B)

# Lighthouse mobile performance (default mobile emulation and simulated throttling) on the
# site of LIGHTHOUSE_SIZE towns, served gzip-compressed as GitHub Pages serves it. Each page
# is run LIGHTHOUSE_RUNS times; the run with the median score is reported.
LIGHTHOUSE_SIZE = 1000
LIGHTHOUSE_RUNS = 3
TARGET_PERFORMANCE = 90
PERFORMANCE_PAGES = {"town page": None, "directory": "directory/", "search": f"search/?q={SEARCH_QUERIES[0]}"}


def measure(n: int, work: Path, seed: int = 0, lighthouse_size: int = LIGHTHOUSE_SIZE,
            lighthouse_runs: int = LIGHTHOUSE_RUNS) -> dict:
    root = work / f"root-{n}"
    t = time.perf_counter()
    synth.make_root(root, n, seed=seed)
    gen_s = time.perf_counter() - t
    site = work / f"site-{n}"
    stages_file = work / f"stages-{n}.json"
    full = _run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)], root,
                         {"TOWNS_TIMINGS": str(stages_file)})
    stages = json.loads(stages_file.read_text(encoding="utf-8")) if stages_file.is_file() else {}
    floor_dir = work / f"floor-{n}"
    (floor_dir / "docs").mkdir(parents=True)
    t = time.perf_counter()
    pages = _floor_docs(root, floor_dir / "docs")
    floor_gen_s = time.perf_counter() - t
    (floor_dir / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    floor = _run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(floor_dir / "mkdocs.yml"),
                           "-d", str(floor_dir / "site")], floor_dir)
    town_pages = list((site / "towns").glob("*/index.html"))
    result = {
        "n": n, "generate_root_s": gen_s, "full_s": full["wall"], "full_peak": full["peak"], "how": full["how"],
        "floor_s": floor["wall"], "floor_peak": floor["peak"], "floor_pages": pages, "floor_markdown_s": floor_gen_s,
        "town_page_bytes": sum(p.stat().st_size for p in town_pages) / max(1, len(town_pages)),
        "town_pages": len(town_pages), "site_bytes": _size(site), "floor_site_bytes": _size(floor_dir / "site"),
        "stages": stages,
    }
    try:  # the preview: save a record, wait for its page to show the change
        from generator.tools.edit_loop import edit_to_visible

        result["edit"] = edit_to_visible(root)
    except Exception as exc:  # reported, not fatal
        result["edit_error"] = f"{type(exc).__name__}: {exc}"
    overview = site / "maps" / "overview.html"
    points = site / "data" / "map-points.json"
    result["map_html_gz"] = _gzip_size(overview) if overview.is_file() else None
    result["map_points_gz"] = _gzip_size(points) if points.is_file() else None
    result["map_points_bytes"] = points.stat().st_size if points.is_file() else None
    result["search"] = None
    try:
        from generator.outputs import search

        if (site / "pagefind").is_dir():
            result["search"] = search.measure_query_bytes(site, *SEARCH_QUERIES)
    except Exception as exc:  # no browser, no index: reported, not fatal
        result["search_error"] = f"{type(exc).__name__}: {exc}"
    result["performance"] = None
    if n == lighthouse_size:
        try:
            result["performance"] = lighthouse_performance(site, runs=lighthouse_runs)
        except Exception as exc:  # no Lighthouse, no browser: reported, not fatal
            result["performance_error"] = f"{type(exc).__name__}: {exc}"
    shutil.rmtree(floor_dir / "site", ignore_errors=True)
    return result


def lighthouse_performance(site_dir: Path, runs: int = LIGHTHOUSE_RUNS, pages: dict | None = None) -> list[dict]:
    """Lighthouse mobile performance of a town page, the directory and search of a built site.

    The site is served on 127.0.0.1 with gzip (search.serve); map tiles are blocked (they fail
    offline). Returns one dict per page: {"page", "path", "score", "lcp_ms", "tbt_ms", "fcp_ms",
    "cls", "scores"} with the figures of the run whose score is the median of ``runs``."""
    from generator.outputs import search
    from generator.tools import lighthouse

    site_dir = Path(site_dir)
    pages = dict(pages or PERFORMANCE_PAGES)
    if "town page" in pages and pages["town page"] is None:
        towns = sorted(p.parent.name for p in (site_dir / "towns").glob("*/index.html"))
        if not towns:
            raise ValueError(f"{site_dir} has no town pages")
        pages["town page"] = f"towns/{towns[0]}/"
    out = []
    with search.serve(site_dir, compress=True) as base:
        for name, path in pages.items():
            figures = [lighthouse.performance_figures(lighthouse.run(base + path, ["performance"]))
                       for _ in range(max(1, runs))]
            figures.sort(key=lambda f: (f["score"] is None, f["score"] or 0))
            median = figures[len(figures) // 2]
            out.append({"page": name, "path": path, **median, "scores": [f["score"] for f in figures]})
    return out


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        pass
    try:
        mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        info["memory"] = f"{int(mem.group(1)) / 1024 / 1024:.1f} GB"
    except (OSError, AttributeError):
        info["memory"] = "unknown"
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        info["cpu"] = cpu.group(1).strip()
    except (OSError, AttributeError):
        info["cpu"] = platform.processor() or "unknown"
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            versions[name] = "not installed"
    info["packages"] = versions
    return info


def _mb(b) -> str:
    return "n/a" if b is None else f"{b / 1e6:.1f} MB"


def _kb(b) -> str:
    return "n/a" if b is None else f"{b / 1e3:.1f} KB"


def _ms(v) -> str:
    return "n/a" if v is None else f"{v:,.0f} ms"


def _score(v) -> str:
    return "n/a" if v is None else str(v)


def _lighthouse_version() -> str:
    try:
        pkg = REPO / "node_modules" / "lighthouse" / "package.json"
        return json.loads(pkg.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "(version unknown)"


def _miss(value, target, unit="", higher_is_worse=True) -> str:
    if value is None:
        return "n/a"
    ok = value <= target if higher_is_worse else value >= target
    if ok:
        return "met"
    return f"missed by {abs(value - target):.2f}{unit} ({value / target:.2f}× the target)"


def report(results: list[dict], info: dict) -> str:
    lines = ["# Build benchmark", "",
             f"Run {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} with `python -m generator.tools.bench --sizes "
             f"{','.join(str(r['n']) for r in results)}` on synthetic roots (generator/tools/synth.py).", "",
             "## Machine", "",
             f"- {info['nproc']} cores ({info['cpu']}), {info['memory']} memory, {info['platform']}",
             f"- Python {info['python']}; " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()), "",
             "## Figures", "",
             "| towns | full build | peak memory | floor build | full / floor | town page | overview map HTML (gzip) | "
             "map points (gzip) | search: largest first query | site size |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        s = r.get("search")
        search = (f"{_kb(max(q['total'] for q in s if q['query'] != WORST_CASE_QUERY))} "
                  f"(worst case {WORST_CASE_QUERY}: {_kb(next((q['total'] for q in s if q['query'] == WORST_CASE_QUERY), None))})"
                  if s else "n/a")
        ratio = r["full_s"] / r["floor_s"] if r["floor_s"] else None
        lines.append(f"| {r['n']:,} | {r['full_s']:.1f} s | {_mb(r['full_peak'])} | {r['floor_s']:.1f} s | "
                     f"{ratio:.2f}× | {_kb(r['town_page_bytes'])} | {_kb(r['map_html_gz'])} | {_kb(r['map_points_gz'])} | "
                     f"{search} | {_mb(r['site_bytes'])} |")
    lines += ["", "Floor: plain MkDocs + Material (default plugins: search), the same town, list and province "
              "pages from `build.generate`, towns out of the nav; no maps, no Pagefind, no data exports. "
              f"Peak memory by {results[0]['how']}.", "", "## Targets", ""]
    by_n = {r["n"]: r for r in results}
    big = max(by_n)
    rb = by_n[big]
    ratio = rb["full_s"] / rb["floor_s"] if rb["floor_s"] else None
    secs_target = TARGET_SECONDS_10K * big / 10_000
    lines.append(f"- {big:,} towns ≤ {secs_target:.0f} s on 2 cores (90 s per 10,000): {rb['full_s']:.1f} s — "
                 f"{_miss(rb['full_s'], secs_target, ' s')}" + ("" if big == 10_000 else " (scaled target; 10,000 not run)"))
    lines.append(f"- full ≤ {TARGET_FLOOR_RATIO}× the floor at {big:,}: {ratio:.2f}× — {_miss(ratio, TARGET_FLOOR_RATIO, '×')}")
    if len(by_n) > 1:
        small = min(by_n)
        growth = rb["full_s"] / by_n[small]["full_s"]
        target = TARGET_GROWTH * (big / small) / 10
        lines.append(f"- growth {big:,}/{small:,} ≤ {target:.1f}× (11× for 10k/1k): {growth:.2f}× — {_miss(growth, target, '×')}")
    else:
        lines.append("- growth 10k/1k ≤ 11×: n/a (one size run)")
    lines.append(f"- site ≤ 1 GB at {big:,}: {_mb(rb['site_bytes'])} — {_miss(rb['site_bytes'] / 1e9, 1, ' GB')}")
    lines.append(f"- peak memory ≤ 1 GB at {big:,}: {_mb(rb['full_peak'])} — "
                 f"{_miss((rb['full_peak'] or 0) / 1e9, TARGET_PEAK_BYTES / 1e9, ' GB')}")
    for r in results:
        e = r.get("edit")
        target = f"≤ {TARGET_EDIT_SECONDS_1K:.0f} s" if r["n"] <= 1000 else "reported"
        lines.append(f"- a saved record visible in `make serve` at {r['n']:,} towns ({target}): "
                     + (f"{e['edit_s']:.2f} s (rebuild {e['rebuild_s'] or 0:.2f} s, first build {e['first_build_s']:.1f} s)"
                        + (f" — {_miss(e['edit_s'], TARGET_EDIT_SECONDS_1K, ' s')}" if r["n"] <= 1000 else "")
                        if e else f"n/a ({r.get('edit_error')})"))
    if rb.get("search"):
        for q in rb["search"]:
            what = "synthetic worst case" if q["query"] == WORST_CASE_QUERY else "first query, set-up included"
            lines.append(f"- search ≤ {_kb(TARGET_QUERY_BYTES)} per query at {big:,} ({q['query']}, {what}): "
                         f"{_kb(q['total'])} — {_miss(q['total'] / 1e3, TARGET_QUERY_BYTES / 1e3, ' KB')}")
    perf = [(r["n"], p) for r in results for p in (r.get("performance") or [])]
    for n, p in perf:
        lines.append(f"- Lighthouse mobile performance ≥ {TARGET_PERFORMANCE} at {n:,} ({p['page']}): "
                     f"{_score(p['score'])} (LCP {_ms(p['lcp_ms'])}, TBT {_ms(p['tbt_ms'])}) — "
                     f"{_miss(p['score'], TARGET_PERFORMANCE, higher_is_worse=False)}")
    lines += ["", "## Mobile performance (Lighthouse)", ""]
    if perf:
        lines += ["Lighthouse " + _lighthouse_version() + ", performance only, its default mobile form factor and "
                  "simulated throttling, Debian's Chromium headless; the site served on 127.0.0.1 with gzip as GitHub "
                  "Pages serves it; map tiles blocked (they fail offline). "
                  + (f"Each page run {len(perf[0][1]['scores'])} times; the figures are those of the run with the "
                     "median score." if len(perf[0][1]["scores"]) > 1 else "Each page run once."), "",
                  "| towns | page | path | score | LCP | TBT | FCP | CLS | scores of the runs |",
                  "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        for n, p in perf:
            cls = "n/a" if p["cls"] is None else f"{p['cls']:.3f}"
            lines.append(f"| {n:,} | {p['page']} | `{p['path']}` | {_score(p['score'])} | {_ms(p['lcp_ms'])} | "
                         f"{_ms(p['tbt_ms'])} | {_ms(p['fcp_ms'])} | {cls} | {', '.join(map(_score, p['scores']))} |")
    else:
        errors = [f"{r['n']:,}: {r['performance_error']}" for r in results if r.get("performance_error")]
        lines.append("Not run: " + ("; ".join(errors) if errors else
                                    f"Lighthouse runs on the {LIGHTHOUSE_SIZE:,}-town site, and that size was not built."))
    lines += ["", "## Build time by stage", "",
              "Seconds, from the plugin's clock in the full build (TOWNS_TIMINGS). load: records read and "
              "schema-checked; validate: cross-record checks; derive: status, criteria, points; map_files … edit_form: "
              "each output; theme: MkDocs and Material writing every page; search: Pagefind.", "",
              "| towns | " + " | ".join(STAGES) + " | total |", "| ---: |" + " ---: |" * (len(STAGES) + 1)]
    for r in results:
        st = r.get("stages") or {}
        lines.append(f"| {r['n']:,} | " + " | ".join(f"{st[k]:.1f}" if k in st else "n/a" for k in STAGES)
                     + f" | {st.get('total', 0):.1f} |")
    lines += ["", "## Search bytes per query", "",
              "Each query typed into the search page in a fresh browser (empty cache), so every figure includes "
              "the set-up. Bytes transferred from a server that gzips text files as GitHub Pages does (Pagefind's "
              "index files and wasm are gzip already and go as stored); the last column is the total with no HTTP "
              "compression at all.", "",
              "| towns | query | pages matched | total | pagefind.js | wasm | index metadata | index chunks | "
              "filters | fragments | uncompressed total |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        for q in r.get("search") or []:
            parts = q["parts"]
            lines.append(f"| {r['n']:,} | {q['query']} | {q['matches']:,} | {_kb(q['total'])} | {_kb(parts.get('js', 0))} | "
                         f"{_kb(parts.get('wasm', 0))} | {_kb(parts.get('meta', 0))} | {_kb(parts.get('index', 0))} | "
                         f"{_kb(parts.get('filter', 0))} | {_kb(parts.get('fragment', 0))} | {_kb(q['raw'])} |")
    lines += ["", "## Detail", ""]
    for r in results:
        lines.append(f"- {r['n']:,} towns: root generated in {r['generate_root_s']:.1f} s; {r['town_pages']:,} town pages; "
                     f"floor Markdown ({r['floor_pages']:,} pages via build.generate) in {r['floor_markdown_s']:.1f} s; "
                     f"floor peak {_mb(r['floor_peak'])}, floor site {_mb(r['floor_site_bytes'])}; "
                     f"map points {_kb(r['map_points_bytes'])} raw"
                     + (f"; search: {r['search_error']}" if r.get("search_error") else "") + ".")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.tools.bench")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated town counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(RESULTS), help="Markdown report (default bench/results.md)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary roots and sites")
    parser.add_argument("--lighthouse-size", type=int, default=LIGHTHOUSE_SIZE,
                        help="the size whose site Lighthouse measures (default 1000; 0: none)")
    parser.add_argument("--lighthouse-runs", type=int, default=LIGHTHOUSE_RUNS, help="Lighthouse runs per page")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    results = []
    work = Path(tempfile.mkdtemp(prefix="town-bench-"))
    try:
        for n in sizes:
            print(f"[bench] {n:,} towns …", file=sys.stderr, flush=True)
            results.append(measure(n, work, seed=args.seed, lighthouse_size=args.lighthouse_size,
                                   lighthouse_runs=args.lighthouse_runs))
            r = results[-1]
            print(f"[bench] {n:,}: full {r['full_s']:.1f} s, floor {r['floor_s']:.1f} s, site {_mb(r['site_bytes'])}",
                  file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(work / f"root-{n}", ignore_errors=True)
                shutil.rmtree(work / f"site-{n}", ignore_errors=True)
                shutil.rmtree(work / f"floor-{n}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, info)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
