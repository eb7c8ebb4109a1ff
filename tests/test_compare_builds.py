"""compare_builds finds what differs between two built sites, and nothing else."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.tools import compare_builds

PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<nav>site navigation {date}</nav>
<article class="md-content__inner md-typeset">
{body}
</article>
<footer><p>构建日期 <span lang="en">Built</span> {date}</p></footer>
</body></html>
"""


def _site(path: Path, date: str = "2026-01-01") -> Path:
    pages = {
        "index.html": "<h1>小镇名录</h1><p>首页</p>",
        "towns/a/index.html": '<div class="tb-town"><h1>甲镇 <small lang="en">A</small></h1><p>主导产业：羽绒</p></div>',
        "towns/b/index.html": "<h1>乙镇</h1><ul><li>一</li><li>二</li></ul>",
    }
    for rel, body in pages.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(PAGE.format(title=rel, body=body, date=date), encoding="utf-8")
    (path / "data").mkdir(parents=True, exist_ok=True)
    (path / "data" / "towns.json").write_text('{"count":2}', encoding="utf-8")
    (path / "data" / "towns.csv").write_text("slug\r\na\r\nb\r\n", encoding="utf-8")
    (path / "maps").mkdir()
    (path / "maps" / "overview.html").write_text('<div id="map_0123456789abcdef0123456789abcdef"></div>', encoding="utf-8")
    (path / "pagefind").mkdir()
    (path / "pagefind" / f"pagefind.{date}.pf_meta").write_bytes(b"\0")  # named by its content: never compared
    return path


@pytest.fixture
def sites(tmp_path):
    return _site(tmp_path / "a"), _site(tmp_path / "b", date="2026-02-02")


def test_equal_sites_are_the_same_even_on_other_build_dates(sites):
    a, b = sites
    (b / "maps" / "overview.html").write_text('<div id="map_fedcba9876543210fedcba9876543210"></div>', encoding="utf-8")
    report = compare_builds.compare(a, b)
    assert report.same
    assert (report.pages, report.data) == (4, 2)


def test_layout_whitespace_is_not_a_difference_but_visible_space_is(sites):
    a, b = sites
    page = b / "towns" / "b" / "index.html"
    page.write_text(PAGE.format(title="towns/b/index.html", date="2026-02-02", body="<h1>乙镇</h1>\n<ul>\n  <li>一</li>\n  <li>二</li>\n</ul>"),
                    encoding="utf-8")
    assert compare_builds.compare(a, b).same
    page.write_text(PAGE.format(title="towns/b/index.html", date="2026-02-02", body="<h1>乙镇</h1><ul><li>一 </li><li>二</li></ul>"),
                    encoding="utf-8")
    # a space inside a list item is text a reader sees only at the end of a block: still folded
    assert compare_builds.compare(a, b).same
    a_page = a / "towns" / "a" / "index.html"
    a_page.write_text(a_page.read_text(encoding="utf-8").replace("甲镇 <small", "甲镇<small"), encoding="utf-8")
    report = compare_builds.compare(a, b)
    assert list(report.differ) == ["towns/a/index.html"]


def test_a_changed_page_is_reported_with_a_short_diff(sites):
    a, b = sites
    page = b / "towns" / "a" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("羽绒", "丝绸"), encoding="utf-8")
    report = compare_builds.compare(a, b)
    assert not report.same
    assert list(report.differ) == ["towns/a/index.html"]
    diff = "\n".join(report.differ["towns/a/index.html"])
    assert "-主导产业：羽绒" in diff and "+主导产业：丝绸" in diff
    assert "towns/a/index.html" in "\n".join(report.lines())


def test_a_page_outside_the_article_does_not_count(sites):
    a, b = sites
    page = b / "towns" / "a" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("site navigation", "other navigation"), encoding="utf-8")
    assert compare_builds.compare(a, b).same


def test_a_missing_page_is_reported_on_its_side(sites):
    a, b = sites
    shutil.rmtree(b / "towns" / "b")
    (a / "towns" / "c").mkdir()
    (a / "towns" / "c" / "index.html").write_text(PAGE.format(title="c", body="<h1>丙镇</h1>", date="2026-01-01"),
                                                 encoding="utf-8")
    report = compare_builds.compare(a, b)
    assert report.only_a == ["towns/b/index.html", "towns/c/index.html"]
    assert report.only_b == [] and not report.same


def test_a_changed_data_file_is_reported_byte_for_byte(sites):
    a, b = sites
    (b / "data" / "towns.csv").write_text("slug\na\nb\n", encoding="utf-8")  # only the line ends differ
    report = compare_builds.compare(a, b)
    assert list(report.differ) == ["data/towns.csv"]


def test_command_line_exit_status(sites):
    a, b = sites
    run = [sys.executable, "-m", "generator.tools.compare_builds", str(a), str(b)]
    same = subprocess.run(run, capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "pages compared: 4" in same.stdout
    (b / "data" / "towns.json").write_text('{"count":3}', encoding="utf-8")
    changed = subprocess.run(run, capture_output=True, text=True)
    assert changed.returncode == 1 and "data/towns.json" in changed.stdout


def test_a_changed_title_counts(sites):
    a, b = sites
    page = b / "towns" / "a" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<title>towns/a/index.html", "<title>甲"), encoding="utf-8")
    assert list(compare_builds.compare(a, b).differ) == ["towns/a/index.html"]
