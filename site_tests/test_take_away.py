"""Taking the directory's results away, in real headless Chromium: the filter as a CSV download
(equal to towns.csv's rows for the filtered places, computed here from the records), the share
link that reproduces the filter, and the 对比 compare view with four towns at 1280 and 375 px.
Fixtures (`built_site`, `server`, `make_page`) come from site_tests/conftest.py."""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from generator.records.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]


def _ready(pg) -> int:
    pg.wait_for_function("() => document.getElementById('tb-dir').dataset.ready === 'true'", timeout=20_000)
    return int(pg.get_attribute("#tb-dir", "data-count"))


def _filter(cat):
    """The province with most places, and the programme most of its places are in."""
    prov = Counter(t.record["province"] for t in cat.towns).most_common(1)[0][0]
    prog = Counter(d.programme_id for t in cat.towns if t.record["province"] == prov
                   for d in t.designations).most_common(1)[0][0]
    slugs = {t.slug for t in cat.towns if t.record["province"] == prov and any(d.programme_id == prog for d in t.designations)}
    return prov, prog, slugs


def test_csv_download_equals_filtered_rows_of_towns_csv(make_page, server, built_site, cat):
    prov, prog, slugs = _filter(cat)
    assert 0 < len(slugs) < len(cat.towns)
    pg = make_page()
    pg.goto(f"{server}directory/")
    _ready(pg)
    pg.check(f'input[name="province"][value="{prov}"]')
    pg.check(f'input[name="programme"][value="{prog}"]')
    assert _ready(pg) == len(slugs)
    with pg.expect_download() as info:
        pg.click("#tb-dir-csv")
    got = Path(info.value.path()).read_bytes()
    whole = (built_site / "data" / "towns.csv").read_bytes()
    assert got.startswith("\ufeff".encode()) and got.count(b"\r\n") >= len(slugs) + 1
    header, *rows = list(csv.reader(io.StringIO(whole.decode("utf-8-sig"), newline="")))
    got_header, *got_rows = list(csv.reader(io.StringIO(got.decode("utf-8-sig"), newline="")))
    assert got_header == header
    expected = [r for r in rows if r[header.index("slug")] in slugs]
    assert len(expected) == len(slugs)
    assert got_rows == expected
    # the same header line, byte for byte
    assert got.split(b"\r\n")[0] == whole.split(b"\r\n")[0]
    assert pg.console_errors == []


def test_share_link_reproduces_the_filter(make_page, server, cat):
    prov, prog, slugs = _filter(cat)
    pg = make_page()
    pg.goto(f"{server}directory/")
    _ready(pg)
    pg.check(f'input[name="province"][value="{prov}"]')
    pg.check(f'input[name="programme"][value="{prog}"]')
    pg.select_option("#tb-dir-sort", "listed")
    assert _ready(pg) == len(slugs)
    link = pg.get_attribute("#tb-dir-share", "href")
    names = pg.eval_on_selector_all("#tb-dir-rows .tb-dir__name a", "e => e.map(a => a.textContent)")
    other = make_page()
    other.goto(link)
    assert _ready(other) == len(slugs)
    assert other.is_checked(f'input[name="province"][value="{prov}"]')
    assert other.is_checked(f'input[name="programme"][value="{prog}"]')
    assert other.input_value("#tb-dir-sort") == "listed"
    assert other.eval_on_selector_all("#tb-dir-rows .tb-dir__name a", "e => e.map(a => a.textContent)") == names


def _cmp_ready(pg, n):
    pg.wait_for_function(f"() => (document.getElementById('tb-cmp') || {{dataset: {{}}}}).dataset.count === '{n}'", timeout=20_000)


@pytest.mark.parametrize("width", [1280, 375])
def test_compare_four_towns_from_the_directory(make_page, server, cat, width):
    pg = make_page(width=width)
    pg.goto(f"{server}directory/")
    _ready(pg)
    boxes = pg.locator("#tb-dir-rows input.tb-dir__pick-box")
    names = pg.eval_on_selector_all("#tb-dir-rows .tb-dir__name a", "e => e.slice(0, 5).map(a => a.textContent)")
    for k in range(4):
        boxes.nth(k).check()
    assert boxes.nth(4).is_disabled()  # a fifth cannot be picked
    assert "4/4" in pg.text_content("#tb-dir-compare")
    pg.click("#tb-dir-compare")
    _cmp_ready(pg, 4)
    assert pg.eval_on_selector_all(".tb-cmp__town a", "e => e.map(a => a.textContent)") == names[:4]
    by_name = {t.name: t for t in cat.towns}
    # each town's designations and platforms, as its record has them
    heads = pg.eval_on_selector_all("#tb-cmp-body th", "e => e.map(x => x.textContent)")
    assert any(h.startswith("认定与状态") for h in heads) and any(h.startswith("考核指标") for h in heads)
    row = pg.locator("#tb-cmp-body tr", has_text="认定与状态")
    for k, name in enumerate(names[:4]):
        t = by_name[name]
        assert row.locator("td").nth(k).locator(".tb-badge").count() == len(t.designations)
    for kind in {p.kind for n in names[:4] for p in by_name[n].platforms}:
        cells = pg.locator("#tb-cmp-body tr", has_text=f"平台：{kind}").locator("td")
        for k, name in enumerate(names[:4]):
            count = sum(1 for p in by_name[name].platforms if p.kind == kind)
            assert cells.nth(k).text_content().startswith(f"{count}")
    # the page itself does not scroll sideways: the table scrolls in its own box
    assert pg.evaluate("document.scrollingElement.scrollWidth") <= width
    # the link reproduces the comparison in a fresh browser (no stored choice)
    link = pg.get_attribute("#tb-cmp-link", "href")
    other = make_page(width=width)
    other.goto(f"{server}compare/" + link[link.index("?"):])
    _cmp_ready(other, 4)
    assert other.eval_on_selector_all(".tb-cmp__town a", "e => e.map(a => a.textContent)") == names[:4]
    assert pg.console_errors == [] and other.console_errors == []


def test_town_page_adds_to_compare(make_page, server, cat):
    towns = sorted(cat.towns, key=lambda t: t.slug)[:2]
    pg = make_page()
    for t in towns:
        pg.goto(f"{server}towns/{t.slug}/")
        pg.click(".tb-town__compare a")
        _cmp_ready(pg, towns.index(t) + 1)
    assert pg.eval_on_selector_all(".tb-cmp__town a", "e => e.map(a => a.textContent)") == [t.name for t in towns]
    pg.click(".tb-cmp__remove >> nth=0")
    _cmp_ready(pg, 1)
    assert pg.console_errors == []
