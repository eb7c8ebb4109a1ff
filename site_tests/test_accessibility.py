"""Accessibility of the real site: axe-core on every page type, the keyboard, and badges
that make sense without colour."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.outputs.assets import MissingAssetError, axe_core_path

REPO = Path(__file__).resolve().parents[1]
KINDS = ["home", "town", "province", "programme", "list", "policy", "provinces-index",
         "programmes-index", "lists-index", "policies-index", "directory", "map", "platforms", "data", "coverage",
         "about", "search", "recent"]
SEARCH_BOX = ("input[type=search], [role=searchbox], input.md-search__input, input.pagefind-ui__search-input, "
              "input[name=q], input[name=query]")
STATUS_WORDS = {
    "candidate": ("创建中", "Candidate"), "assessed": ("已考核", "Assessed"), "named": ("已命名", "Named"),
    "withdrawn": ("已退出", "Withdrawn"), "unknown": ("未知", "Unknown"),
}


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        return axe_core_path(REPO).read_text(encoding="utf-8")
    except MissingAssetError as exc:
        pytest.fail(str(exc))




def _format(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_nothing_serious(page, server, site_pages, page_url, settled, axe_source, kind):
    page.goto(server + page_url(kind))
    settled(page)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
    }""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    if result:
        print(f"\naxe on {kind} ({site_pages[kind] or '/'}):\n{_format(result)}")
    assert serious == [], f"{kind}: serious or critical axe violations:\n{_format(serious)}"


def _tab_order(page, presses: int = 250) -> list[str]:
    """Press Tab repeatedly; the data-kbd ids of the elements that received focus, in order."""
    page.evaluate("""() => { let i = 0; for (const el of document.querySelectorAll('*')) el.dataset.kbd = String(i++); }""")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        kbd = page.evaluate("() => { const a = document.activeElement; return a && a !== document.body ? a.dataset.kbd || 'frame' : null; }")
        if kbd is None:
            continue
        if seen and kbd == seen[0] and len(seen) > 3:
            break  # wrapped around
        seen.append(kbd)
    return seen


def _ids(page, selector: str) -> list[str]:
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
        .filter(e => e.offsetParent !== null || e.getClientRects().length).map(e => e.dataset.kbd)""", selector)


def test_tab_reaches_the_search_box(page, server, site_pages, settled):
    page.goto(server + site_pages["home"])
    settled(page)
    if page.locator(SEARCH_BOX).count() == 0:
        pytest.fail("no search box on the home page (" + SEARCH_BOX + ")")
    order = _tab_order(page)
    boxes = _ids(page, SEARCH_BOX)
    assert set(boxes) & set(order), "Tab never focuses the search box"


def test_tab_reaches_every_directory_filter(page, server, site_pages, page_url, settled):
    page.goto(server + page_url("directory"))
    settled(page)
    order = _tab_order(page, presses=400)
    selector = ("article form input:not([type=hidden]), article form select, article form button, "
                "article [role=search] input, article [role=search] select, article fieldset input, article fieldset select")
    filters = _ids(page, selector)
    assert filters, "the directory page has no filter controls (form/fieldset inputs and selects)"
    missed = [f for f in filters if f not in order]
    described = page.evaluate("""(ids) => ids.map(id => { const e = document.querySelector(`[data-kbd="${id}"]`);
        return e.outerHTML.slice(0, 120); })""", missed)
    assert not missed, f"Tab does not reach these filters: {described}"


def test_tab_reaches_each_maps_text_list(page, server, site_pages, settled, built_site):
    pages = [k for k in ("home", "map", "province", "programme", "town") if k in site_pages]
    checked = 0
    for kind in pages:
        page.goto(server + site_pages[kind])
        settled(page)
        maps = page.evaluate("""() => [...document.querySelectorAll('iframe, .leaflet-container, [data-map]')]
            .filter(e => e.tagName !== 'IFRAME' || /map|地图/i.test((e.title || '') + (e.src || '') + (e.className || '')))
            .length""")
        if not maps:
            continue
        order = _tab_order(page, presses=400)
        lists = page.evaluate("""() => {
            const out = [];
            for (const m of document.querySelectorAll('iframe, .leaflet-container, [data-map]')) {
                if (m.tagName === 'IFRAME' && !/map|地图/i.test((m.title || '') + (m.src || '') + (m.className || ''))) continue;
                let box = m.parentElement, found = null;
                for (let up = 0; up < 4 && box && !found; up++, box = box.parentElement)
                    found = box.querySelector('details summary, [data-map-list] a, .tb-map-list a, ul a, ol a, table a');
                out.push(found ? found.dataset.kbd : null);
            }
            return out;
        }""")
        assert None not in lists, f"{kind}: a map without a text list next to it"
        missed = [x for x in lists if x not in order]
        assert not missed, f"{kind}: Tab does not reach the text list of {len(missed)} map(s)"
        checked += 1
    assert checked, "no map in this build"


@pytest.mark.parametrize("kind", ["home", "town", "province", "programme", "list", "directory", "platforms"])
def test_status_badges_carry_their_word(page, server, site_pages, page_url, kind):
    page.goto(server + page_url(kind))
    if kind == "directory":  # its table is drawn by directory.js; without the wait the check raced it
        page.wait_for_function("() => document.getElementById('tb-dir')?.dataset.ready === 'true'", timeout=20_000)
    badges = page.evaluate("""() => [...document.querySelectorAll('.tb-badge')]
        .map(e => ({status: e.dataset.status || (String(e.className).match(/tb-badge--(\\w+)/) || [])[1] || '',
                    text: e.textContent.trim()}))""")
    assert badges, f"{kind}: no status badge"
    wrong = []
    for b in badges:
        words = STATUS_WORDS.get(b["status"])
        if words is None:
            if b["status"]:
                wrong.append(b)
            continue
        if not any(w in b["text"] for w in words):
            wrong.append(b)
    assert not wrong, f"{kind}: badges whose text does not name their status: {json.dumps(wrong[:5], ensure_ascii=False)}"


def test_focus_ring_of_phone_directory_rows_is_not_clipped(make_page, server, page_url, settled):
    """On a phone the directory's rows skip layout until scrolled to (content-visibility), which
    clips what they paint to their padding box: each control's focus ring (outline plus offset)
    must fit inside its row, or keyboard users see it cut off."""
    page = make_page(375, 700)
    page.goto(server + page_url("directory"))
    settled(page)
    found = page.evaluate("""() => [...document.querySelectorAll('tr.tb-dir__row')].slice(0, 12).flatMap(row => {
        const rs = getComputedStyle(row);
        return [...row.querySelectorAll('a[href], input, button, select')].map(el => {
            el.focus();  // may scroll: measure the row after it
            const s = getComputedStyle(el), b = el.getBoundingClientRect(), rb = row.getBoundingClientRect();
            const box = {left: rb.left + parseFloat(rs.borderLeftWidth), right: rb.right - parseFloat(rs.borderRightWidth),
                         top: rb.top + parseFloat(rs.borderTopWidth), bottom: rb.bottom - parseFloat(rs.borderBottomWidth)};
            const ring = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
            const out = {left: box.left - (b.left - ring), right: (b.right + ring) - box.right,
                         top: box.top - (b.top - ring), bottom: (b.bottom + ring) - box.bottom};
            return {el: el.outerHTML.slice(0, 80), visible: el.matches(':focus-visible') && s.outlineStyle !== 'none',
                    ring, clipped: Math.max(out.left, out.right, out.top, out.bottom),
                    contained: rs.contentVisibility === 'auto' || /paint|content|strict/.test(rs.contain)};
        });
    })""")
    assert found, "no focusable control in the directory's rows at 375 px"
    assert all(f["contained"] for f in found), "the phone rows are no longer contained: this test no longer checks the clip"
    assert all(f["visible"] and f["ring"] > 0 for f in found), [f for f in found if not f["visible"]][:3]
    clipped = [f for f in found if f["clipped"] > 0.5]
    assert not clipped, "focus ring cut off by its row (px outside the row's padding box): " + "; ".join(
        f"{f['el']} {f['clipped']:.1f}px" for f in clipped[:5])
