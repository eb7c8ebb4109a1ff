"""The record form (/edit/) in Chromium: edit a real town and create a new one, see the build's
errors beside their fields, fix them, and get a file that `python -m generator validate` accepts
and that differs from the record only by the change."""
from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from generator.records.load import load_file

REPO = Path(__file__).resolve().parents[1]


def _repo_url() -> str:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^repo_url:\s*(\S+)", text, re.M).group(1).rstrip("/")


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    for folder in ("towns", "policies"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def _validate(root: Path, target: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate", str(target)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.querySelector('#tb-editor-status')?.dataset.state", timeout=15000)


def _field(page, path: list):
    key = json.dumps(path, ensure_ascii=False, separators=(",", ":"))
    return page.locator(f"[data-path='{key}']:is(input, select, textarea)")


def _error_of(page, path: list) -> str:
    """The error text linked to the field by aria-describedby."""
    ids = _field(page, path).get_attribute("aria-describedby").split()
    return " ".join(page.locator(f"[id='{i}']").text_content() for i in ids if i.endswith("-err"))


def _checked(page) -> None:
    """The form checks 250 ms after the last change and marks the wait (data-pending): wait for the
    check itself, not for a guess at how long it takes on a busy machine."""
    page.wait_for_function("() => !document.querySelector('#tb-editor-status').dataset.pending", timeout=15000)


def _yaml(page) -> str:
    _checked(page)
    return page.locator("#tb-editor-yaml").input_value()


def _state(page) -> str:
    _checked(page)
    return page.locator("#tb-editor-status").get_attribute("data-state")


def test_town_page_links_to_its_form(page, server):
    page.goto(f"{server}towns/tianhe/")
    link = page.locator("a.tb-edit-form")
    assert link.get_attribute("href").endswith("edit/?town=tianhe")
    assert page.locator("a.tb-edit").count() == 1  # the GitHub link is still there


def test_edit_a_real_town_add_a_platform_see_errors_fix_them_and_validate(page, server, repo_copy):
    _open(page, f"{server}edit/?town=tianhe")
    original = (REPO / "towns" / "gd" / "tianhe.yml").read_text(encoding="utf-8")
    assert _yaml(page) == original, "the form does not start from the record as the file holds it"
    assert "尚未修改" in page.locator("#tb-editor-status").text_content()

    # add a platform after the ones the record holds
    held = len(load_file(REPO / "towns" / "gd" / "tianhe.yml").data.get("platforms", []))
    page.get_by_role("button", name=re.compile("添加平台")).click()
    _field(page, ["platforms", held, "name"]).fill("天河区某众创空间（合成测试）")
    _field(page, ["platforms", held, "kind"]).select_option(label="众创空间")
    _field(page, ["platforms", held, "source"]).fill("https://example.org/tianhe-platform")
    assert _state(page) == "valid", page.locator("#tb-editor-errors").text_content()

    # a division code of another province and a mobile number: errors beside their fields
    _field(page, ["adcode"]).fill("450102")
    _field(page, ["address"]).fill("天河路 联系 13812345678")
    assert _state(page) == "invalid"
    assert "行政区划代码 450102 不属于 广东省（应以 44 开头） (division code is not in the province)" in _error_of(page, ["adcode"])
    assert "不得发布个人联系方式" in _error_of(page, ["address"])
    assert _field(page, ["adcode"]).get_attribute("aria-invalid") == "true"
    assert page.locator("#tb-editor-status").get_attribute("aria-live") == "polite"
    assert page.locator("#tb-editor-pr").get_attribute("aria-disabled") == "true"

    # fix them
    _field(page, ["adcode"]).fill("440106")
    _field(page, ["address"]).fill("")
    assert _state(page) == "valid", page.locator("#tb-editor-errors").text_content()
    assert _error_of(page, ["adcode"]).strip() == ""
    text = _yaml(page)

    # the same file, validated where it lives
    target = repo_copy / "towns" / "gd" / "tianhe.yml"
    target.write_text(text, encoding="utf-8")
    result = _validate(repo_copy, target)
    assert result.returncode == 0, result.stdout + result.stderr
    diff = [l for l in difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    added = ["+  - name: 天河区某众创空间（合成测试）", "+    kind: 众创空间", "+    source: https://example.org/tianhe-platform"]
    assert diff == (["+platforms:"] if not held else []) + added, diff

    # the way out: copy the file and open GitHub's editor on it; the issue form carries the file too
    edit = page.locator("#tb-editor-pr")
    assert edit.get_attribute("href") == f"{_repo_url()}/edit/main/towns/gd/tianhe.yml"
    assert edit.get_attribute("aria-disabled") is None
    issue = urlsplit(page.locator("#tb-editor-issue").get_attribute("href"))
    query = parse_qs(issue.query)
    assert issue.path.endswith("/issues/new") and query["template"] == ["propose-town-change.yml"]
    assert text in query["other"][0]


def test_create_a_new_town(page, server, repo_copy):
    _open(page, f"{server}edit/?new=1")
    value = page.locator("#tb-editor-list option", has_text="广东省首批").get_attribute("value")
    page.locator("#tb-editor-list").select_option(value=value)
    _field(page, ["slug"]).fill("hetest-xincheng")
    _field(page, ["name"]).fill("合成测试新城")
    _field(page, ["province"]).select_option(label="广东省")
    _field(page, ["city"]).fill("广州市")
    _field(page, ["county"]).fill("天河区")
    _field(page, ["adcode"]).fill("440106")
    _field(page, ["sources", 0, "url"]).fill("https://example.org/new-town")
    _field(page, ["sources", 0, "title"]).fill("合成测试来源")
    _field(page, ["sources", 0, "date"]).fill("2016-06-24")
    assert _state(page) == "valid", page.locator("#tb-editor-errors").text_content()
    # not on its list yet: a note, since the list is another file
    assert "policies/lists/" in _error_of(page, ["designations", 0, "programme"])
    text = _yaml(page)
    assert page.locator("#tb-editor-path").text_content() == "towns/gd/hetest-xincheng.yml"
    href = urlsplit(page.locator("#tb-editor-pr").get_attribute("href"))
    assert f"{href.scheme}://{href.netloc}{href.path}" == f"{_repo_url()}/new/main/towns/gd"
    query = parse_qs(href.query)
    assert query["filename"] == ["hetest-xincheng.yml"] and query["value"] == [text]

    target = repo_copy / "towns" / "gd" / "hetest-xincheng.yml"
    target.write_text(text, encoding="utf-8")
    result = _validate(repo_copy, target)
    assert result.returncode == 1 and "已公布名单" in result.stdout  # the CLI also asks for the list entry
    lst = repo_copy / "policies" / "lists" / "gd-2016-batch1.yml"
    lst.write_text(lst.read_text(encoding="utf-8") + "  - town: hetest-xincheng\n    name_as_published: 合成测试新城\n",
                   encoding="utf-8")
    result = _validate(repo_copy, target)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_schema_error_is_worded_like_the_validator(page, server):
    _open(page, f"{server}edit/?town=tianhe")
    _field(page, ["sources", 0, "date"]).fill("2016-02-30")
    assert _state(page) == "invalid"
    assert "日期无效，实际为 '2016-02-30' (not a valid date, got '2016-02-30')" in _error_of(page, ["sources", 0, "date"])
    _field(page, ["name"]).fill("")
    assert _state(page) == "invalid"
    assert "缺少必填字段 name (missing required field 'name')" in _error_of(page, ["name"])


def test_lists_reorder_by_keyboard_and_the_draft_survives_a_reload(page, server):
    _open(page, f"{server}edit/?town=tianhe")
    first = _field(page, ["sources", 0, "title"]).input_value()
    down = page.locator(".tb-item[data-path='[\"sources\",0]'] > .tb-tools button").nth(1)
    down.focus()
    page.keyboard.press("Enter")
    _checked(page)
    assert _field(page, ["sources", 1, "title"]).input_value() == first
    focused = page.evaluate("document.activeElement.closest('.tb-item')?.dataset.path")
    assert focused == '["sources",1]', "focus did not follow the moved item"
    page.reload()
    page.wait_for_function("() => document.querySelector('#tb-editor-status')?.dataset.state")
    assert not page.locator("#tb-editor-draft").is_hidden()
    assert _field(page, ["sources", 1, "title"]).input_value() == first
    page.locator("#tb-editor-draft button").click()
    page.wait_for_function("() => document.querySelector('#tb-editor-status')?.dataset.state")
    assert _field(page, ["sources", 0, "title"]).input_value() == first


def test_every_field_is_labelled_and_the_page_fits_375px(make_page, server):
    pg = make_page(width=375, height=800)
    _open(pg, f"{server}edit/?town=tianhe")
    unlabelled = pg.evaluate("""() => [...document.querySelectorAll('#tb-editor-form input, #tb-editor-form select, #tb-editor-form textarea')]
        .filter(e => !e.labels.length || !e.labels[0].textContent.trim()).map(e => e.dataset.path)""")
    assert unlabelled == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    assert not pg.console_errors, pg.console_errors


def test_the_form_stays_out_of_search_and_nav(built_site):
    html = (built_site / "edit" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in html and 'data-pagefind-ignore="all"' in html
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="edit/' not in home
    assert json.loads((built_site / "assets" / "schema" / "town.schema.json").read_text(encoding="utf-8")) == \
        json.loads((REPO / "generator" / "schema" / "town.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", ["town=tianhe", "new=1"])
def test_axe_finds_nothing_serious_on_the_form(page, server, query):
    from generator.outputs.assets import axe_core_path

    _open(page, f"{server}edit/?{query}")
    _field(page, ["adcode"]).fill("450102")  # with an error shown
    _checked(page)
    page.add_script_tag(content=axe_core_path(REPO).read_text(encoding="utf-8"))
    result = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
