"""Every name a place is known by finds it on the search page, and an exact name puts it first.

The queries are made here from the records, independently of generator/derive/names.py: each
place's name, every designation's name, every name a published list prints for it
(name_as_published), those names with the province, city and county in front taken off, "county
+ township", and each platform's name. All of them, not a sample, typed into the real search page
in Chromium. Ties: places that the same query names exactly may stand in any order before it.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from generator.records.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]
TARGET_FIRST = 0.98
LEVELS = ("自治区", "自治州", "自治县", "省", "市", "区", "县")


def _prefixes(r: dict) -> list[str]:
    out = set()
    for n in (r.get("province"), r.get("city"), r.get("county"), (r.get("division_as_listed") or {}).get("name")):
        if not n:
            continue
        out.add(n)
        for lv in LEVELS:
            if n.endswith(lv) and len(n) - len(lv) >= 2:
                out.add(n[: -len(lv)])
    if r.get("province"):
        out.add(r["province"][:3] if r["province"].startswith(("内蒙古", "黑龙江")) else r["province"][:2])
    return sorted(out, key=len, reverse=True)


def _strip_all(name: str, prefixes: list[str]) -> list[str]:
    out, text = [], name
    while True:
        p = next((p for p in prefixes if text.startswith(p) and len(text) - len(p) >= 2), None)
        if p is None:
            return out
        text = text[len(p):]
        if text[0] in "省市区县州" and len(text) >= 3:
            text = text[1:]
        out.append(text)


def queries(cat) -> list[tuple[str, str, str]]:
    """(kind, query, slug) for every name of every place."""
    out = []
    for t in sorted(cat.towns, key=lambda t: t.slug):
        r = t.record
        named = {"name": [t.name], "designation": [d.record["name"] for d in t.designations if d.record.get("name")],
                 "printed": [m["member"]["name_as_published"] for d in t.designations for m in d.lists]}
        prefixes = _prefixes(r)
        named["stripped"] = [s for k in ("name", "designation", "printed") for n in named[k] for s in _strip_all(n, prefixes)]
        county = r.get("county")
        named["county_township"] = [county + s[-1] for k in ("name", "designation", "printed") for n in named[k]
                                    for s in [_strip_all(n, prefixes) or [n]]
                                    if county and s[-1].endswith(("镇", "乡", "街道")) and not s[-1].endswith("小镇")
                                    and not n.startswith(county)]
        named["platform"] = [p["name"] for p in r.get("platforms", [])]
        seen = set()
        for kind, names in named.items():
            for n in names:
                if n not in seen:
                    seen.add(n)
                    out.append((kind, n, t.slug))
    return out


RUN = """async (qs) => {
  const input = document.getElementById('tb-search-input'), form = document.getElementById('tb-search-form');
  const status = document.getElementById('tb-search-status'), out = {};
  for (const q of qs) {
    status.dataset.state = 'asked';
    input.value = q;
    form.requestSubmit();
    const t0 = Date.now();
    while (status.dataset.state !== 'done') {
      if (Date.now() - t0 > 20000) throw new Error('no answer for ' + q);
      await new Promise(r => setTimeout(r, 5));
    }
    out[q] = [...document.querySelectorAll('#tb-search-results > li')].slice(0, 10)
      .map(li => li.querySelector('a').getAttribute('href'));
  }
  return out;
}"""


def ranks(page, server, qs: list[str]) -> dict[str, list[str]]:
    page.goto(f"{server}search/")
    page.wait_for_function("() => document.querySelector('#tb-search-status').dataset.state === 'ready'", timeout=20_000)
    return page.evaluate(RUN, qs)


def test_every_name_and_platform_finds_its_place_first(page, server):
    cat = load_catalog(REPO)
    assert not cat.problems
    qs = queries(cat)
    kinds = {k for k, _, _ in qs}
    assert kinds == {"name", "designation", "printed", "stripped", "county_township", "platform"}, kinds
    owners = defaultdict(set)
    for _, q, slug in qs:
        owners[q].add(f"/towns/{slug}/")
    got = ranks(page, server, sorted(owners))
    first, missing, later = 0, [], []
    for kind, q, slug in qs:
        hrefs, me = got[q], f"/towns/{slug}/"
        if me not in hrefs:
            missing.append((kind, q, slug))
            continue
        pos = hrefs.index(me)
        if all(h in owners[q] for h in hrefs[:pos]):
            first += 1
        else:
            later.append((kind, q, slug, pos + 1))
    share = first / len(qs)
    print(f"\n{len(qs)} name queries: {share:.1%} first; {len(missing)} not in the first 10; {len(later)} later")
    for m in missing + later:
        print("  miss", m)
    assert not missing, f"{len(missing)} names did not find their place in the first 10: {missing[:20]}"
    assert share >= TARGET_FIRST, f"{share:.1%} first (< {TARGET_FIRST:.0%}): {later[:20]}"
    assert page.console_errors == []


def test_exact_name_stands_first_with_its_page_result(page, server):
    """An exact printed name brings the place first, shown once, with Pagefind's own result
    (its excerpt) where Pagefind found it too; a filter set leaves ranking to Pagefind alone."""
    cat = load_catalog(REPO)
    town = next(t for t in sorted(cat.towns, key=lambda t: t.slug)
                if any(m["member"]["name_as_published"].startswith(t.record["province"]) for d in t.designations for m in d.lists))
    printed = next(m["member"]["name_as_published"] for d in town.designations for m in d.lists
                   if m["member"]["name_as_published"].startswith(town.record["province"]))
    page.goto(f"{server}search/?q={printed}")
    page.wait_for_function("() => document.querySelector('#tb-search-status').dataset.state === 'done'", timeout=20_000)
    hrefs = page.eval_on_selector_all("#tb-search-results > li a[href^='/towns/']:not([href*='#'])", "e => e.map(a => a.getAttribute('href'))")
    assert hrefs and hrefs[0] == f"/towns/{town.slug}/", (printed, hrefs[:5])
    assert hrefs.count(f"/towns/{town.slug}/") == 1, hrefs
    first = page.locator("#tb-search-results > li").first
    assert first.get_attribute("data-exact") == "true"
    assert town.name in first.locator("a").first.text_content()
    assert page.console_errors == []
