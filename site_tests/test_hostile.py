"""Hostile data: the validator rejects what is invalid with a clear `file:line:col` error and
no traceback; what is valid is built into a site and checked in Chromium: nothing runs,
nothing is injected, names show as literal text; the feed parses; CSV cells are neutralised."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.tools import synth

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "hostile"
VALID = sorted((CORPUS / "valid").glob("*.yml"))
LIST_ID = "syn-hostile"
LIST_TITLE = "<script>alert(9)</script>合成恶意名单 \" onmouseover=\"alert(9)"

# invalid file -> what its error line must name (field path or the kind of fault)
INVALID = {
    "alias-bomb.yml": "锚点和别名",
    "attribute-url.yml": "sources[0].url",
    "custom-tag.yml": "不支持的YAML标签",
    "data-url.yml": "platforms[0].url",
    "huge-name.yml": "name",
    "javascript-url.yml": "sources[0].url",
    "not-utf8.yml": "UTF-8",
    "nul-byte.yml": "空字符",
    "python-tag.yml": "不支持的YAML标签",
    "two-documents.yml": "YAML",
    "zero-width-name.yml": "name: 含有不可见字符 U+200B",
    "bidi-override-name.yml": "name: 含有不可见字符 U+202E",
    "bidi-isolate-platform.yml": "platforms[0].name: 含有不可见字符 U+2066",
    "bom-inside-applicant.yml": "designations[0].applicant: 含有不可见字符 U+FEFF",
    "deep-nesting.yml": "嵌套过深",
    "not-a-number.yml": "不是有限的数",
}
# cross/<case>/: records and lists that are each valid and together impossible; the error a case must
# give, on a line of the file named
CROSS = {
    "naming-after-withdrawal": ("cross-withdrawn.yml", "名单 syn-cross-naming：退出（2017-03-01）之后不应再有事件"),
    "complete-but-short": ("syn-cross-short.yml", "complete: 名单写明 complete: true，但只列出 1 个成员，公布数量为 5"),
}


def _validate(root: Path, target: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate", target],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


@pytest.fixture(scope="module")
def small_root(tmp_path_factory) -> Path:
    return synth.make_root(tmp_path_factory.mktemp("hostile-validate") / "root", 5, seed=3)


def test_the_corpus_lists_every_invalid_file():
    assert sorted(p.name for p in (CORPUS / "invalid").glob("*.yml")) == sorted(INVALID)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_record_gives_a_located_error_and_no_traceback(small_root, name):
    rel = f"site_tests/hostile/invalid/{name}"
    result = _validate(small_root, rel)
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.returncode == 1, out
    located = [l for l in result.stdout.splitlines() if re.match(re.escape(rel) + r":\d+:\d+: ", l)]
    assert located, f"no `{rel}:line:col:` error line:\n{out}"
    assert any(INVALID[name] in l for l in located), f"expected an error about {INVALID[name]!r}:\n{out}"


def test_the_corpus_lists_every_cross_case():
    assert sorted(p.name for p in (CORPUS / "cross").iterdir() if p.is_dir()) == sorted(CROSS)


@pytest.mark.parametrize("case", sorted(CROSS))
def test_records_that_are_impossible_together_give_a_located_error(small_root, case):
    folder = CORPUS / "cross" / case
    copied = []
    for sub, dest in (("towns", small_root / "towns" / "gd"), ("lists", small_root / "policies" / "lists")):
        dest.mkdir(parents=True, exist_ok=True)
        for f in sorted((folder / sub).glob("*.yml")):
            shutil.copy2(f, dest / f.name)
            copied.append(dest / f.name)
    try:
        result = _validate(small_root, str(small_root))
    finally:
        for f in copied:
            f.unlink()
    out = result.stdout + result.stderr
    assert "Traceback" not in out and result.returncode == 1, out
    name, expected = CROSS[case]
    located = [l for l in result.stdout.splitlines() if re.match(r"\S*" + re.escape(name) + r":\d+:\d+: ", l)]
    assert any(expected in l for l in located), f"expected {expected!r} on a line of {name}:\n{out}"


def test_a_file_over_the_size_limit_is_refused(small_root, tmp_path):
    big = tmp_path / "huge-file.yml"
    big.write_text("slug: huge-file\nname: 合成\nnotes:\n" + ("  - '" + "x" * 500 + "'\n") * 2500, encoding="utf-8")
    assert big.stat().st_size > 1_000_000
    result = _validate(small_root, str(big))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert re.search(re.escape(str(big)) + r":1:1: .*(过大|too large)", result.stdout), result.stdout


def test_valid_hostile_records_pass_validation(small_root):
    root = small_root
    (root / "towns" / "gd").mkdir(parents=True, exist_ok=True)
    for f in VALID:
        shutil.copy2(f, root / "towns" / "gd" / f.name)
    _write_list(root)
    try:
        result = _validate(root, str(root / "towns"))
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        for f in VALID:
            (root / "towns" / "gd" / f.name).unlink()
        (root / "policies" / "lists" / f"{LIST_ID}.yml").unlink()


# ---- the built site ----------------------------------------------------------------------

def _records() -> list[dict]:
    return [yaml.safe_load(f.read_text(encoding="utf-8-sig")) for f in VALID]


def _write_list(root: Path) -> None:
    lst = {"id": LIST_ID, "programme": "cn-iur-demo-town", "batch": 1, "title": LIST_TITLE,
           "issuer": "合成发布机关 '><img src=x onerror=alert(10)>", "date": "2016-06-24", "kind": "listing",
           "source": "https://example.org/syn/hostile",
           "members": [{"town": r["slug"], "name_as_published": r["name"], "category": "=创建"} for r in _records()]}
    (root / "policies" / "lists" / f"{LIST_ID}.yml").write_text(
        yaml.safe_dump(lst, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = synth.make_root(tmp_path_factory.mktemp("hostile") / "root", 20, seed=2)
    (root / "towns" / "gd").mkdir(parents=True, exist_ok=True)
    for f in VALID:
        shutil.copy2(f, root / "towns" / "gd" / f.name)
    _write_list(root)
    site = root.parent / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                            cwd=root, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return site


@pytest.fixture(scope="module")
def hostile_url(hostile_site, serve) -> str:
    return serve(hostile_site)


INJECTED = """() => {
    const found = [];
    for (const el of document.querySelectorAll('img[src="x"], svg[onload], [autofocus][onfocus]')) found.push(el.outerHTML.slice(0, 100));
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            if (/^on/i.test(a.name) && /alert/.test(a.value)) found.push(el.tagName + ' ' + a.name + '=' + a.value);
            if ((a.name === 'href' || a.name === 'src') && /^\\s*(javascript|data):/i.test(a.value)) found.push(el.tagName + ' ' + a.name + '=' + a.value);
        }
    }
    for (const s of document.querySelectorAll('script')) if (/alert\\(/.test(s.textContent)) found.push('script: ' + s.textContent.slice(0, 80));
    return found;
}"""


def _visit(page, url: str, settled) -> None:
    page.dialogs = getattr(page, "dialogs", [])
    if not getattr(page, "_dialog_hooked", False):
        page.on("dialog", lambda d: (page.dialogs.append(f"{d.type}: {d.message} @ {page.url}"), d.dismiss()))
        page._dialog_hooked = True
    page.goto(url)
    settled(page)
    # hovering and focusing would fire injected handlers
    page.mouse.move(200, 200)
    page.mouse.move(400, 300)
    for _ in range(5):
        page.keyboard.press("Tab")
    assert page.dialogs == [], f"a dialog fired: {page.dialogs}"
    injected = page.evaluate(INJECTED)
    assert injected == [], f"{url}: injected elements or attributes: {injected}"


@pytest.mark.parametrize("record", _records(), ids=lambda r: r["slug"])
def test_town_page_shows_the_name_as_text(page, hostile_url, settled, record):
    _visit(page, f"{hostile_url}towns/{record['slug']}/", settled)
    h1 = page.locator("h1").first.text_content()
    assert record["name"] in h1, f"name not shown literally: {h1!r}"
    assert record["name"] in page.title() or record["slug"] in page.url


def test_list_page_shows_every_name_as_text(page, hostile_url, settled):
    _visit(page, f"{hostile_url}lists/{LIST_ID}/", settled)
    text = page.locator("article").text_content()
    missing = [r["slug"] for r in _records() if r["name"] not in text]
    assert not missing, f"names not shown literally on the list page: {missing}"
    assert LIST_TITLE in text


@pytest.mark.parametrize("where", ["", "directory/", "platforms/", "provinces/gd/", "programmes/cn-iur-demo-town/"])
def test_overview_pages_show_names_as_text(page, hostile_url, hostile_site, settled, where):
    assert not where or (hostile_site / where / "index.html").is_file(), f"no {where} page in this build"
    _visit(page, hostile_url + where, settled)
    if where in ("directory/", "provinces/gd/", "programmes/cn-iur-demo-town/"):
        text = page.locator("body").text_content()
        missing = [r["slug"] for r in _records() if r["name"] not in text]
        assert not missing, f"{where}: names not shown literally: {missing}"


def test_search_results_show_names_as_text(page, hostile_url, hostile_site, settled):
    assert (hostile_site / "search" / "index.html").is_file() and (hostile_site / "pagefind").is_dir(), \
        "no search page with a Pagefind index in this build"
    for query, slug in (("恶意", "hostile-script"), ("图片", "hostile-img"), ("引号", "hostile-quote")):
        _visit(page, f"{hostile_url}search/?q={query}", settled)
        page.wait_for_function("() => document.querySelector('#tb-search-status')?.dataset.state === 'done'", timeout=20000)
        titles = page.eval_on_selector_all("#tb-search-results > li a", "els => els.map(e => e.textContent)")
        name = next(r["name"] for r in _records() if r["slug"] == slug)
        assert any(name in t for t in titles), f"search {query!r}: {name!r} not among result titles {titles}"
        assert page.evaluate(INJECTED) == []
        assert page.dialogs == []


def test_map_popups_show_names_as_text(page, hostile_url, hostile_site, settled):
    overview = hostile_site / "maps" / "overview.html"
    assert overview.is_file(), "no overview map (maps/overview.html) in this build"
    _visit(page, f"{hostile_url}maps/overview.html", settled)
    page.wait_for_function("() => window.townMap && window.townMap.ready", timeout=20000)
    for record in _records():
        text = page.evaluate("""(name) => {
            const api = window.townMap;
            const m = api.markers.find(m => (m.options.title || '').startsWith(name));
            if (!m) return null;
            const popup = m.getPopup(), content = popup.getContent();
            const box = typeof content === 'function' ? content(m) : content;  // what the popup shows
            if (typeof box === 'string') { const d = document.createElement('div'); d.innerHTML = box; document.body.appendChild(d); return d.textContent; }
            box.dataset.test = 'popup'; document.body.appendChild(box);
            return box.textContent;
        }""", record["name"])
        assert text is not None, f"{record['slug']}: no marker titled with the literal name"
        assert record["name"] in text, f"{record['slug']}: popup does not show the name literally: {text!r}"
        injected = page.evaluate(INJECTED)
        assert injected == [], f"{record['slug']}: injected in the popup: {injected}"
    assert page.dialogs == []


def test_feed_parses_with_names_as_text(hostile_site):
    feed = hostile_site / "feed.xml"
    assert feed.is_file(), "no feed.xml in this build"
    root = ET.fromstring(feed.read_bytes())  # raises on anything that is not well-formed XML
    ns = "{http://www.w3.org/2005/Atom}"
    texts = [(e.text or "") for e in root.iter()]
    assert any(LIST_TITLE in t for t in texts), "the hostile list's title is not in the feed as text"
    assert not any(e.tag in ("script", f"{ns}script", "img") for e in root.iter())


def test_csv_cells_are_neutralised(hostile_site):
    files = sorted((hostile_site / "data").rglob("*.csv"))
    assert files, "no CSV export in this build"
    bad = []
    for f in files:
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    bad.append(f"{f.relative_to(hostile_site)}: {cell[:40]!r}")
    assert not bad, "formula cells not neutralised:\n" + "\n".join(bad[:20])
    formula = next(r for r in _records() if r["slug"] == "hostile-formula")
    towns_csv = hostile_site / "data" / "towns.csv"
    if towns_csv.is_file():
        rows = list(csv.DictReader(io.StringIO(towns_csv.read_text(encoding="utf-8-sig"))))
        row = next(r for r in rows if r["slug"] == "hostile-formula")
        assert row["name"] == "'" + formula["name"]
        assert row["lead_industry"] == "'-1"
