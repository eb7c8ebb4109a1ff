"""What came in, on the pages, in real headless Chromium: the description under the title and in
the share preview, the lead-industry sector facet, platforms grouped by kind, list member notes
on the list page and the town page. Expected values come from the records, never hard-coded."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.outputs.industry import sector, sectors
from generator.records.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cat():
    return load_catalog(REPO)


def _ready(page):
    page.wait_for_function("() => document.getElementById('tb-dir').dataset.ready === 'true'", timeout=20_000)
    return int(page.get_attribute("#tb-dir", "data-count"))


def test_description_under_the_title_and_in_the_share_preview(page, server, cat):
    town = next(t for t in cat.towns if t.record.get("description") and t.platforms)
    text = town.record["description"]["text"]
    page.goto(f"{server}towns/{town.slug}/")
    shown = page.locator(".tb-town__description")
    assert shown.is_visible() and text in shown.text_content()
    # right under the heading: nothing but the place line between them
    h1 = page.locator("h1#town-name").bounding_box()
    box = shown.bounding_box()
    assert 0 <= box["y"] - (h1["y"] + h1["height"]) < 120, (h1, box)
    for selector in ('meta[name="description"]', 'meta[property="og:description"]'):
        assert page.get_attribute(selector, "content").startswith(f"{town.name}：{text}"), selector  # named, then its sentence


def test_sector_facet_filters_the_directory(page, server, cat):
    counts = {}
    for t in cat.towns:
        s = sector(t.record.get("lead_industry"))
        if s:
            counts[s.id] = counts.get(s.id, 0) + 1
    page.goto(f"{server}directory/")
    assert _ready(page) == len(cat.towns)
    values = page.eval_on_selector_all('fieldset[data-facet="industry"] input', "e => e.map(x => x.value)")
    assert set(values) == set(counts) and len(values) <= len(sectors()) <= 14
    biggest = max(counts, key=counts.get)
    page.check(f'input[name="industry"][value="{biggest}"]')
    assert _ready(page) == counts[biggest]
    label = page.text_content(f'label[for="{page.get_attribute(f"input[name=industry][value={biggest}]", "id")}"]')
    assert next(s.zh for s in sectors() if s.id == biggest) in label
    assert f"industry={biggest}" in page.url


def test_platforms_grouped_by_kind_with_their_level(page, server, cat):
    town = max(cat.towns, key=lambda t: len({p.kind for p in t.platforms}))
    page.goto(f"{server}towns/{town.slug}/")
    groups = page.eval_on_selector_all("section[data-platform-group]", """e => e.map(g => ({
        kind: g.dataset.platformGroup, heading: g.querySelector('h3').textContent,
        platforms: [...g.querySelectorAll('h4.tb-platform')].map(p => ({kind: p.dataset.kind, name: p.textContent}))}))""")
    expected = {}
    for p in town.platforms:
        expected.setdefault(p.kind, []).append(p)
    kinds = list(cat.labels["platform_kind"])  # the schema's order of kinds
    assert [g["kind"] for g in groups] == sorted(expected, key=kinds.index)
    assert {g["kind"] for g in groups} == set(expected) and len(groups) >= 2
    for g in groups:
        assert g["kind"] in g["heading"] and f"（{len(expected[g['kind']])}）" in g["heading"]
        assert [p["kind"] for p in g["platforms"]] == [g["kind"]] * len(expected[g["kind"]])
        for p, record in zip(g["platforms"], expected[g["kind"]]):
            assert record.name in p["name"] and (not record.level or record.level in p["name"])


def test_member_notes_on_the_list_page_and_the_town_page(page, server, cat):
    lst, member = next((l, m) for l in cat.lists.values() if l.id.startswith("fj-") for m in l.members if m.get("note"))
    page.goto(f"{server}lists/{lst.id}/")
    row = page.locator("table[data-list] tr", has=page.locator(f'a[href$="towns/{member["town"]}/"]'))
    assert row.locator(".tb-member-note").is_visible() and member["note"] in row.text_content()
    page.goto(f"{server}towns/{member['town']}/")
    note = page.locator(".tb-timeline .tb-member-note", has_text=member["note"])
    assert note.count() == 1 and note.is_visible()
    item = note.locator("xpath=ancestor::li[1]")
    assert item.locator(f'a[href$="lists/{lst.id}/"]').count() == 1  # under that listing
