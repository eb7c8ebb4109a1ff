"""Build benchmark: `python -m generator.tools.bench [--sizes 1000,10000]` (what `make bench` runs).

For each size: generate a synthetic root (generator.tools.synth) in a temporary folder, run the
full build (`mkdocs build` in a subprocess: wall time, peak memory), then the floor: the
same town, list and province pages (the generator's Markdown) built by plain MkDocs +
Material with default plugins and none of our extras. Reports the ratio full/floor, growth
between sizes, page and map sizes, search bytes per query, the site size and, on the
1,000-town site, Lighthouse mobile performance (score, LCP, TBT) of a town page, the
directory and search, with the machine description, to bench/results.md.
"""
from __future__ import annotations

import argparse
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
from generator.tools.bench_report import (
    LIGHTHOUSE_RUNS, LIGHTHOUSE_SIZE, PERFORMANCE_PAGES, SEARCH_QUERIES, mb, report,
)

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results.md"
TIME = "/usr/bin/time"
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
    from generator.settings import Settings

    out = build.generate(root, Settings(site_url="https://example.invalid/", search=False, maps=False))
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

# Lighthouse mobile performance (default mobile emulation and simulated throttling) on the
# site of LIGHTHOUSE_SIZE towns, served gzip-compressed as GitHub Pages serves it. Each page
# is run LIGHTHOUSE_RUNS times; the run with the median score is reported.


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
        from generator.tools import search_bench

        if (site / "pagefind").is_dir():
            result["search"] = search_bench.measure_query_bytes(site, *SEARCH_QUERIES)
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
    """Lighthouse mobile performance of the home page, a programme page, a town page, the directory
    and search of a built site.

    The site is served on 127.0.0.1 with gzip (search_bench.serve); map tiles are blocked (they fail
    offline). Returns one dict per page: {"page", "path", "score", "lcp_ms", "tbt_ms", "fcp_ms",
    "cls", "scores"} with the figures of the run whose score is the median of ``runs``."""
    from generator.tools import lighthouse, search_bench

    site_dir = Path(site_dir)
    pages = dict(pages or PERFORMANCE_PAGES)
    for name, folder in (("town page", "towns"), ("programme page", "programmes")):
        if name in pages and pages[name] is None:
            found = sorted(p.parent.name for p in (site_dir / folder).glob("*/index.html"))
            if not found:
                raise ValueError(f"{site_dir} has no {name}s")
            pages[name] = f"{folder}/{found[0]}/"
    out = []
    with search_bench.serve(site_dir, compress=True) as base:
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
            print(f"[bench] {n:,}: full {r['full_s']:.1f} s, floor {r['floor_s']:.1f} s, site {mb(r['site_bytes'])}",
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
