"""Every fact that validates is on a page (issue 20, class 3): a designation's own `facts` in that
designation's block on the town page, and a list member's `note` on the list page's row and on
the town page under that listing."""
from __future__ import annotations


import re
from pathlib import Path

import pytest
from markupsafe import escape

from generator import build
from generator.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SETTINGS = Settings(site_url="https://example.org/", repo_url="https://github.com/o/r",
                    edit_base="https://github.com/o/r/edit/main/", search=False, maps=False)


def _section(page: str, anchor: str) -> str:
    start = page.index(f'<section class="tb-designation" id="{anchor}"')
    return page[start:page.index("</section>", start)]


def _leaves(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("source", "scope", "scope_note", "mirror"):
                yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield f"{value:g}"
    elif isinstance(value, str) and not value.startswith("http"):
        yield value


@pytest.fixture(scope="module")
def real():
    out = build.generate(REPO, SETTINGS)
    return out, {f.path: f.content for f in out.files}


def test_every_list_member_note_is_on_its_list_page_and_its_town_page(real):
    out, files = real
    shown = 0
    for lst in out.catalog.lists.values():
        page = files[f"lists/{lst.id}.md"]
        for m in lst.members:
            if not m.get("note"):
                continue
            note = str(escape(m["note"]))
            row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if f"towns/{m['town']}/" in r)
            assert note in row, f"{lst.id}: the note on {m['town']} is not on its row of the list page"
            town = files[f"towns/{m['town']}.md"]
            assert f"名单备注 <span lang=\"en\">note on the list</span>：{note}" in town, \
                f"{m['town']}: the note of list {lst.id} is not on the town page"
            shown += 1
    assert shown >= 80  # 83 notes in 10 lists when this was written


def test_every_designation_fact_is_in_its_designation_block(root):
    root.town("alpha", text="""\
        slug: alpha
        name: 测试镇甲
        province: 广东省
        city: 广州市
        county: 天河区
        adcode: "440106"
        designations:
          - programme: test-prog
            batch: 1
            facts:
              enterprises:
                above_scale_rnd_firms: 12
              investment:
                fixed_assets_3y_yi: 37.5
        enterprises:
          above_scale_rnd_firms: 2
        sources:
          - url: https://example.org/alpha
            title: 来源
            date: 2016-06-24
        """)
    (root.path / "node_modules").symlink_to(REPO / "node_modules")  # the record form's pinned assets
    out = build.generate(root.path, SETTINGS)
    assert not [p for p in out.catalog.problems if p.file.startswith("towns/")], out.catalog.problems
    files = {f.path: f.content for f in out.files}
    for t in out.catalog.towns:
        page = files[f"towns/{t.slug}.md"]
        for d in t.designations:
            facts = d.record.get("facts") or {}
            block = _section(page, f"designation-{d.programme_id}")
            for value in _leaves(facts):
                assert str(escape(value)) in block, \
                    f"{t.slug}: the designation's fact {value!r} is not in its block"
            if facts:
                assert "本计划申报数据" in block
    assert "12" in _section(files["towns/alpha.md"], "designation-test-prog")
    assert "37.5" in _section(files["towns/alpha.md"], "designation-test-prog")


def test_every_real_designation_fact_is_in_its_block(real):
    out, files = real
    for t in out.catalog.towns:
        page = files[f"towns/{t.slug}.md"]
        for d in t.designations:
            block = _section(page, f"designation-{d.programme_id}")
            for value in _leaves(d.record.get("facts") or {}):
                assert str(escape(value)) in block, (t.slug, d.programme_id, value)


def _figures(node):
    if isinstance(node, dict):
        if "value" in node and "unit" in node:
            yield node
        for v in node.values():
            yield from _figures(v)
    elif isinstance(node, list):
        for v in node:
            yield from _figures(v)


def test_a_reported_figure_keeps_its_qualifier_on_the_page(real):
    """约 / 多 / 余 / 近 / 超 / 以上 as the source printed them: a figure without its qualifier says more than the source."""
    out, files = real
    from generator.outputs.facts import _as_printed, _qualified
    seen = 0
    for t in out.catalog.towns:
        page = files[f"towns/{t.slug}.md"]
        for f in _figures(t.record):
                if f.get("qualifier"):
                    text = _as_printed(f)
                    assert f["qualifier"] in text and f["unit"] in text, (t.slug, text)
                    assert str(escape(text)) in page, (t.slug, text)
                    seen += 1
    assert seen
    assert _qualified(3000, "多", "家") == "3000多家" and _qualified(2200, "约", "亩") == "约2200亩"
    assert _qualified(700, "以上", "家") == "700家以上"
    assert _as_printed({"value": 53.6, "qualifier": "约", "unit": "亿元", "printed": "约53.6"}) == "约53.6亿元"
    assert _as_printed({"value": 400, "qualifier": "多", "unit": "家", "printed": "400多"}) == "400多家"


def test_a_figure_says_which_part_or_area_it_covers(real):
    """A figure about a wider area is shown as such; one about a part of the town (核心区) says which part."""
    out, files = real
    within = wider = 0
    for t in out.catalog.towns:
        page = files[f"towns/{t.slug}.md"]
        for f in _figures(t.record):
            if f.get("scope") == "wider":
                assert "tb-wider" in page and str(escape(f.get("scope_note") or "所在区域")) in page, t.slug
                wider += 1
            elif f.get("scope_note"):
                assert f"（范围 <span lang=\"en\">scope</span>：{escape(f['scope_note'])}）" in page, t.slug
                within += 1
    assert wider and within
