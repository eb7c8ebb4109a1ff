"""`make bench` end to end at a small size: the report is written and states every figure,
including the bytes each search query transfers (measured in real Chromium) and Lighthouse
mobile performance (score, LCP, TBT) of a town page, the directory and search."""
from __future__ import annotations

import re

from generator.tools import bench, bench_report


def test_bench_reports_build_and_search_figures(tmp_path):
    out = tmp_path / "results.md"
    assert bench.main(["--sizes", "12", "--out", str(out), "--lighthouse-size", "12", "--lighthouse-runs", "1"]) == 0
    text = out.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 12 |"))
    assert "n/a" not in row, row
    for q in bench.SEARCH_QUERIES:
        m = re.search(rf"^\| 12 \| {q} \| ([\d,]+) \| ([\d.]+) KB \| ([\d.]+) KB \| ([\d.]+) KB \| ([\d.]+) KB \|", text, re.M)
        assert m, f"no search row for {q}"
        total, js, wasm, meta = (float(x) for x in m.groups()[1:5])
        assert js > 0 and wasm > 0 and meta > 0 and total >= js + wasm + meta
    assert int(re.search(r"^\| 12 \| 孵化器 \| ([\d,]+)", text, re.M).group(1).replace(",", "")) > 0
    assert "search error" not in text and "search: " not in text.split("## Detail")[1]
    # the split by stage and the edit-to-visible time of the preview are measured, not n/a
    stages = text.split("## Build time by stage")[1].split("##")[0]
    row = next(line for line in stages.splitlines() if line.startswith("| 12 |"))
    assert "n/a" not in row and len(row.split("|")) == len(bench_report.STAGES) + 4, row
    edit = re.search(r"a saved record visible in `make serve` at 12 towns \(≤ 2 s\): ([\d.]+) s \(rebuild ([\d.]+) s", text)
    assert edit and 0 < float(edit.group(1)) < 60, text
    perf = text.split("## Mobile performance (Lighthouse)")[1].split("## Search bytes")[0]
    for page in bench.PERFORMANCE_PAGES:
        m = re.search(rf"^\| 12 \| {page} \| `[^`]+` \| (\d+) \| ([\d,]+) ms \| ([\d,]+) ms \|", perf, re.M)
        assert m, f"no Lighthouse row for {page}:\n{perf}"
        assert 0 < int(m.group(1)) <= 100 and float(m.group(2).replace(",", "")) > 0
        assert re.search(rf"^- Lighthouse mobile performance ≥ 90 at 12 \({page}\): \d+ \(LCP", text, re.M)
