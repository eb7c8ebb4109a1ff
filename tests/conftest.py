"""Fixtures: a small self-contained repository root written per test (never towns/)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROGRAMME = """\
id: test-prog
name: 测试计划
name_en: Test programme
run_by: 测试厅
run_by_kind: 省级政府部门
town_types: [产业型, 应用型]
batches:
  - batch: 1
    year: 2016
sources:
  - url: https://example.org/p
    title: 测试来源
"""

TOWN = """\
# yaml-language-server: $schema=../../generator/schema/town.schema.json
slug: {slug}
name: {name}
province: 广东省
city: 广州市
county: 天河区
adcode: "440106"
designations:
  - programme: test-prog
    batch: 1
sources:
  - url: https://example.org/{slug}
    title: 来源
    date: 2016-06-24
"""


class Root:
    """A repository root in a temporary folder: programme, list and towns."""

    def __init__(self, path: Path):
        self.path = path
        (path / "towns" / "gd").mkdir(parents=True)
        for sub in ("programmes", "lists", "schemes"):
            (path / "policies" / sub).mkdir(parents=True)
        (path / "policies" / "programmes" / "test-prog.yml").write_text(PROGRAMME, encoding="utf-8")
        self.members: list[str] = []

    def town(self, slug: str, name: str | None = None, text: str | None = None, listed: bool = True,
             folder: str = "gd", filename: str | None = None) -> Path:
        body = text if text is not None else TOWN.format(slug=slug, name=name or f"测试镇{slug}")
        file = self.path / "towns" / folder / f"{filename or slug}.yml"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(body), encoding="utf-8")
        if listed:
            self.members.append(slug)
            self.write_list()
        return file

    def write_list(self, date: str = "2016-06-24", kind: str = "listing") -> None:
        members = "".join(f"  - town: {s}\n    name_as_published: {s}\n    category: 创建\n" for s in self.members)
        (self.path / "policies" / "lists" / "test-list.yml").write_text(
            f"id: test-list\nprogramme: test-prog\nbatch: 1\ntitle: 测试名单\nissuer: 测试厅\ndate: {date}\n"
            f"kind: {kind}\nsource: https://example.org/list\nmembers:\n{members}", encoding="utf-8")

    def validate(self, *paths: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator", "--root", str(self.path), "validate", *paths],
                              capture_output=True, text=True, cwd=self.path)


@pytest.fixture
def root(tmp_path) -> Root:
    return Root(tmp_path / "repo")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="module")
def cat():
    """The real records, loaded and checked (they must hold no problem)."""
    from generator.records.catalog import load_catalog

    c = load_catalog(REPO)
    assert not c.problems
    return c
