"""Each validation rule: its own `file:line:col: field: message` line, exit 1, no traceback."""
from __future__ import annotations

import re

import pytest

GOOD = "towns/gd/good.yml"


def lines(result) -> list[str]:
    assert "Traceback" not in result.stdout + result.stderr
    return [l for l in result.stdout.splitlines() if l.strip()]


def test_valid_records_pass(root):
    root.town("good")
    result = root.validate()
    assert result.returncode == 0, result.stdout
    assert lines(result) == []


@pytest.mark.parametrize(
    "edit, expected",
    [
        # a wrong type: the issue's own example
        (lambda t: t.replace("batch: 1\n", "batch: 1\nspace:\n  planned_area_mu: 三百\n"),
         "towns/gd/good.yml:12:20: space.planned_area_mu: 应为数字，实际为 '三百' (expected a number, got '三百')"),
        (lambda t: t.replace("batch: 1\n", "batch: 1\nplaned_area: 300\n"),
         "towns/gd/good.yml:11:1: planed_area: 未知字段 planed_area (unknown field 'planed_area')"),
        (lambda t: t.replace("date: 2016-06-24", "date: 2016-13-40"),
         "towns/gd/good.yml:14:11: sources[0].date: 日期无效，实际为 '2016-13-40' (not a valid date, got '2016-13-40')"),
        (lambda t: t.replace("name: 测试镇good\n", ""),
         "towns/gd/good.yml:2:1: 缺少必填字段 name (missing required field 'name')"),
        (lambda t: t.replace("batch: 1\n", "batch: !!python/object/apply:os.system [echo hi]\n"),
         "towns/gd/good.yml:10:12: 不支持的YAML标签 tag:yaml.org,2002:python/object/apply:os.system (unsupported YAML tag: only plain data is allowed)"),
        (lambda t: t.replace("batch: 1\n", "batch: 1\nlinked_industries: &a [x, x]\nnotes: *a\n"),
         "towns/gd/good.yml:12:8: 不允许使用YAML锚点和别名 (YAML anchors and aliases are not allowed)"),
        (lambda t: t.replace('adcode: "440106"', 'adcode: "450102"'),
         "towns/gd/good.yml:7:9: adcode: 行政区划代码 450102 不属于 广东省（应以 44 开头） (division code is not in the province)"),
        (lambda t: t.replace("batch: 1\n", "batch: 7\n"),
         "towns/gd/good.yml:10:12: designations[0].batch: 计划 test-prog 没有第 7 批 (unknown batch; the programme has batches 1)"),
        (lambda t: t.replace("programme: test-prog", "programme: no-such"),
         "towns/gd/good.yml:9:16: designations[0].programme: 未知的计划 no-such (unknown programme; known: test-prog)"),
        (lambda t: t.replace("batch: 1\n", "batch: 1\nlocation: {lon: 23.1, lat: 50.5, datum: wgs84, precision: exact}\n"),
         "towns/gd/good.yml:11:11: location: 坐标 (23.1, 50.5) 不在中国境内；请检查经纬度是否写反 (the point is outside China; are lon and lat swapped?)"),
        (lambda t: t.replace("batch: 1\n", "batch: 1\n    applicant: 联系人张三 13812345678\n"),
         "towns/gd/good.yml:11:16: designations[0].applicant: 不得发布个人联系方式（手机号码或电子邮箱）(personal contact data such as a mobile number or e-mail must not be published): remove it"),
        (lambda t: t.replace("batch: 1\n", "batch: 1\n    town_type: 综合型\n"),
         "towns/gd/good.yml:11:16: designations[0].town_type: 小镇类型应为 产业型、应用型 (town type must be one the programme defines), got '综合型'"),
    ],
    ids=["wrong-type", "unknown-field", "bad-date", "missing-required", "python-tag", "alias",
         "adcode-province", "unknown-batch", "unknown-programme", "outside-china", "contact-data", "unknown-type"],
)
def test_each_fault_gives_its_own_line(root, edit, expected):
    path = root.town("good")
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = root.validate()
    assert result.returncode == 1
    assert expected in lines(result), result.stdout


def test_duplicate_slug_names_both_files(root):
    root.town("same")
    root.town("same", folder="gd", filename="same-copy", listed=False)
    out = lines(root.validate())
    assert "towns/gd/same.yml:2:7: slug: slug same 与 towns/gd/same-copy.yml 重复 (duplicate slug, already used by towns/gd/same-copy.yml)" in out \
        or "towns/gd/same-copy.yml:2:7: slug: slug same 与 towns/gd/same.yml 重复 (duplicate slug, already used by towns/gd/same.yml)" in out


def test_all_errors_of_all_files_in_one_run(root):
    a = root.town("aaa")
    b = root.town("bbb")
    a.write_text(a.read_text(encoding="utf-8").replace("batch: 1", "batch: x"), encoding="utf-8")
    b.write_text(b.read_text(encoding="utf-8").replace("city: 广州市", "city: 广州市\nfoo: 1\nbar: 2"), encoding="utf-8")
    out = [l for l in lines(root.validate()) if l.startswith("towns/")]
    assert [l.split(":")[0] for l in out] == ["towns/gd/aaa.yml", "towns/gd/bbb.yml", "towns/gd/bbb.yml"], out


def test_alias_bomb_is_rejected_quickly(root):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(9))
    root.town("bomb", text=bomb, listed=False)
    out = lines(root.validate())
    assert "towns/gd/bomb.yml:2:8: 不允许使用YAML锚点和别名 (YAML anchors and aliases are not allowed)" in out


def test_huge_and_non_utf8_files(root):
    root.town("huge", text="name: " + "长" * 400_000 + "\n", listed=False)
    bad = root.path / "towns" / "gd" / "gbk.yml"
    bad.write_bytes("slug: gbk\nname: 广州\n".encode("gbk"))
    out = lines(root.validate())
    assert any(l.startswith("towns/gd/huge.yml:1:1: 文件过大") for l in out), out
    assert "towns/gd/gbk.yml:2:1: 文件不是UTF-8编码 (the file is not UTF-8 encoded): save it as UTF-8" in out


def test_byte_order_mark_is_accepted(root):
    path = root.town("bom")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert root.validate().returncode == 0


def test_impossible_history(root):
    path = root.town("hist")
    path.write_text(path.read_text(encoding="utf-8").replace("    batch: 1\n", "    batch: 1\n" + textwrap_events()),
                    encoding="utf-8")
    out = lines(root.validate())
    assert "towns/gd/hist.yml:12:9: designations[0].events[0]: 命名日期 2015-01-01 早于首次列入名单的日期 2016-06-24 (named on 2015-01-01, before the first listing on 2016-06-24)" in out
    assert "towns/gd/hist.yml:15:9: designations[0].events[1]: 重复命名：已于 2015-01-01 命名 (named twice: already named on 2015-01-01)" in out


def textwrap_events() -> str:
    return ("    events:\n"
            "      - type: named\n        date: 2015-01-01\n        source: https://example.org/n\n"
            "      - type: named\n        date: 2019-01-01\n        source: https://example.org/n2\n")


def test_town_on_no_list_and_list_to_missing_town(root):
    root.town("lonely", listed=False)
    root.members.append("ghost")
    root.write_list()
    out = lines(root.validate())
    assert any(l.startswith("towns/gd/lonely.yml:9:16: designations[0].programme: 该认定不在计划 test-prog 的任何已公布名单中") for l in out), out
    assert any("policies/lists/test-list.yml" in l and "ghost" in l and "no town record" in l for l in out), out


def test_paths_limit_the_report(root):
    root.town("good")
    bad = root.town("bad")
    bad.write_text(bad.read_text(encoding="utf-8").replace("batch: 1", "batch: x"), encoding="utf-8")
    assert root.validate(str(root.path / "towns/gd/good.yml")).returncode == 0
    assert root.validate(str(bad)).returncode == 1


def test_github_annotations_from_the_cli(root, monkeypatch):
    """With GITHUB_ACTIONS=true every problem is also a workflow command on its line."""
    import os
    import subprocess
    import sys

    path = root.town("three")
    text = path.read_text(encoding="utf-8")
    text = text.replace("batch: 1", "batch: x").replace("city: 广州市", "city: 广州市\nfoo: 1").replace("date: 2016-06-24", "date: 2016-02-30")
    path.write_text(text, encoding="utf-8")
    env = dict(os.environ, GITHUB_ACTIONS="true")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root.path), "validate"],
                            capture_output=True, text=True, env=env, cwd=root.path)
    assert result.returncode == 1
    errors = [l for l in result.stdout.splitlines() if l.startswith("::error ")]
    assert len(errors) == 3, result.stdout
    where = sorted((e.split("file=")[1].split(",")[0], int(e.split("line=")[1].split(",")[0])) for e in errors)
    assert where == [("towns/gd/three.yml", 6), ("towns/gd/three.yml", 11), ("towns/gd/three.yml", 15)]


@pytest.mark.parametrize("location, expected", [
    ("{lon: 130, lat: 15, datum: wgs84, precision: exact}", "towns/gd/good.yml:11:11: location: 坐标 (130, 15) 在海上或境外，不在陆地上"),
    ("{lon: 116.4, lat: 39.9, datum: gcj02, precision: exact}", "towns/gd/good.yml:11:11: location: 坐标 (116.4, 39.9) 距行政区划 天河区（440106）"),
], ids=["sea", "far-from-division"])
def test_point_must_be_on_land_and_near_its_division(root, location, expected):
    path = root.town("good")
    path.write_text(path.read_text(encoding="utf-8").replace("    batch: 1\n", f"    batch: 1\nlocation: {location}\n"),
                    encoding="utf-8")
    out = lines(root.validate())
    assert any(l.startswith(expected) for l in out), out


def test_city_must_match_the_division_code(root):
    path = root.town("good")
    path.write_text(path.read_text(encoding="utf-8").replace('adcode: "440106"', 'adcode: "440604"')
                    .replace("city: 广州市", "city: 梅州市"), encoding="utf-8")
    out = lines(root.validate())
    assert "towns/gd/good.yml:5:7: city: 地级市 梅州市 与行政区划代码 440604 不符：440604 属于 佛山市；请核对 city 或 adcode " \
           "(the city does not match the division code, which lies in 佛山市)" in out, out
    path.write_text(path.read_text(encoding="utf-8").replace("city: 梅州市", "city: 佛山市"), encoding="utf-8")
    assert root.validate().returncode == 0


def test_naming_list_dated_before_the_first_listing_names_both_dates(root):
    root.town("early")
    root.write_list(date="2016-06-24")
    (root.path / "policies" / "lists" / "test-named.yml").write_text(
        "id: test-named\nprogramme: test-prog\nbatch: 1\ntitle: 命名名单\nissuer: 测试厅\ndate: 2015-03-01\n"
        "kind: naming\nsource: https://example.org/named\nmembers:\n  - town: early\n    name_as_published: early\n",
        encoding="utf-8")
    out = lines(root.validate())
    assert any(l.startswith("towns/gd/early.yml:9:16: designations[0].programme: 名单 test-named：命名日期 2015-03-01 "
                            "早于首次列入名单的日期 2016-06-24") for l in out), out


def test_unknown_town_type_under_a_scheme_is_a_line_not_a_traceback(tmp_path):
    """A programme batch with criteria (gd-2016) judges by town type: an unknown type must be
    reported like any other fault, not crash the criteria."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "policies", tmp_path / "policies")
    (tmp_path / "towns" / "gd").mkdir(parents=True)
    text = (repo / "towns" / "gd" / "tianhe.yml").read_text(encoding="utf-8")
    (tmp_path / "towns" / "gd" / "tianhe.yml").write_text(
        text.replace("    batch: 1\n", "    batch: 1\n    town_type: 综合型\n", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "validate", "towns/gd/tianhe.yml"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    assert any("designations[0].town_type: 小镇类型应为 产业型、应用型" in l for l in result.stdout.splitlines()), result.stdout


def test_a_place_known_only_from_a_naming_list_may_be_graded_before_its_naming(root):
    path = root.town("graded")
    root.write_list(date="2020-11-01", kind="naming")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    batch: 1\n", "    batch: 1\n    events:\n      - type: assessed\n        date: 2019-12-31\n        grade: 良好\n"
        "        source: https://example.org/g\n"), encoding="utf-8")
    assert root.validate().returncode == 0, root.validate().stdout
    # the same grade for a designation on no list at all is still refused
    root.members.clear()
    root.write_list(date="2020-11-01", kind="naming") if root.members else (root.path / "policies" / "lists" / "test-list.yml").unlink()
    out = lines(root.validate())
    assert any("考核发生在未列入任何名单" in l for l in out), out


# ---- issue 20: lifecycle holes --------------------------------------------------------------

def _events(root, slug: str, events: str):
    path = root.town(slug)
    path.write_text(path.read_text(encoding="utf-8").replace("    batch: 1\n", "    batch: 1\n    events:\n" + events),
                    encoding="utf-8")
    return path


def _naming_list(root, slug: str, date: str, precision: str | None = None) -> None:
    (root.path / "policies" / "lists" / "test-named.yml").write_text(
        f"id: test-named\nprogramme: test-prog\nbatch: 1\ntitle: 命名名单\nissuer: 测试厅\ndate: {date}\n"
        + (f"date_precision: {precision}\n" if precision else "")
        + f"kind: naming\nsource: https://example.org/named\nmembers:\n  - town: {slug}\n    name_as_published: {slug}\n",
        encoding="utf-8")


WITHDRAWN_2018 = ("      - type: withdrawn\n        date: 2018-03-01\n        decided_by: 测试厅\n"
                  "        source: https://example.org/w\n")


def test_a_naming_list_after_the_withdrawal_is_a_problem(root):
    _events(root, "gone", WITHDRAWN_2018)
    _naming_list(root, "gone", "2019-12-20")
    out = lines(root.validate())
    assert any(l.startswith("towns/gd/gone.yml:9:16: designations[0].programme: 名单 test-named：")
               and "退出（2018-03-01）之后" in l for l in out), out
    # before the withdrawal it is a naming, and the place is then withdrawn
    _naming_list(root, "gone", "2017-12-20")
    assert root.validate().returncode == 0, root.validate().stdout
    from generator.records.catalog import load_catalog
    assert load_catalog(root.path).town("gone").status == "withdrawn"


def test_a_year_only_event_in_the_listing_year_is_not_before_the_listing(root):
    # listed 2016-06-24; graded "in 2016" (the source gives only the year)
    _events(root, "yearly", "      - type: assessed\n        date: 2016-01-01\n        date_precision: year\n"
                            "        grade: 合格\n        source: https://example.org/a\n")
    result = root.validate()
    assert result.returncode == 0, result.stdout
    from generator.records.catalog import load_catalog
    des = load_catalog(root.path).town("yearly").designations[0]
    assert des.status == "assessed"
    assert [e["type"] for e in des.timeline] == ["listed", "assessed"], "the year-only grade shows after the listing"


@pytest.mark.parametrize("date, precision, ok", [
    ("2015-01-01", "year", False),  # all of 2015 is before 2016-06-24
    ("2016-06-01", "month", True),  # June 2016 holds the listing day
    ("2016-05-01", "month", False),
    ("2016-06-23", None, False),  # a day is a day
    ("2014-01-01", "unknown", False),  # no date: the date only orders the event, and it orders it first
    ("2017-01-01", "unknown", True),
])
def test_before_the_listing_respects_each_dates_precision(root, date, precision, ok):
    _events(root, "dated", f"      - type: assessed\n        date: {date}\n"
                           + (f"        date_precision: {precision}\n" if precision else "")
                           + "        source: https://example.org/a\n")
    out = lines(root.validate())
    assert (not any("之前 (assessed before the place was listed)" in l for l in out)) == ok, out


def test_an_event_after_a_withdrawal_known_to_the_year_respects_the_precision(root):
    # withdrawn "in 2018"; graded 2018-05-01 may be before it; graded 2019-02-01 cannot be
    path = _events(root, "late", "      - type: assessed\n        date: 2018-05-01\n        source: https://example.org/a\n"
                                 "      - type: withdrawn\n        date: 2018-01-01\n        date_precision: year\n"
                                 "        source: https://example.org/w\n")
    assert root.validate().returncode == 0, root.validate().stdout
    from generator.records.catalog import load_catalog
    assert load_catalog(root.path).town("late").status == "withdrawn"
    path.write_text(path.read_text(encoding="utf-8").replace("2018-05-01", "2019-02-01"), encoding="utf-8")
    out = lines(root.validate())
    assert any("designations[0].events[0]: 退出（2018）之后不应再有事件" in l for l in out), out


# ---- issue 20: a list's completeness follows from its counts ------------------------------------

def _counted_list(root, counts: str, complete: str | None) -> None:
    """The test list with published counts and, if given, a stated `complete`."""
    root.write_list()
    path = root.path / "policies" / "lists" / "test-list.yml"
    extra = f"published_counts: {counts}\n" + (f"complete: {complete}\n" if complete is not None else "")
    path.write_text(path.read_text(encoding="utf-8").replace("members:\n", extra + "members:\n"), encoding="utf-8")


@pytest.mark.parametrize("counts, complete, expected", [
    ("{创建: 3}", "true", "policies/lists/test-list.yml:10:11: complete: 名单写明 complete: true，但只列出 2 个成员，公布数量为 3"),
    ("{创建: 2}", "false", "policies/lists/test-list.yml:10:11: complete: 名单已列出公布的全部 2 个成员，却写明 complete: false"),
    ("{创建: 1}", None, "policies/lists/test-list.yml:9:19: published_counts: 名单列出 2 个成员，多于公布数量 1"),
    ("{创建: 1, 培育: 5}", None, "policies/lists/test-list.yml:9:24: published_counts.创建: 类别 创建 列出 2 个成员，多于公布的 1 个"),
])
def test_a_stated_completeness_that_the_counts_contradict_is_a_problem(root, counts, complete, expected):
    root.town("one")
    root.town("two")
    _counted_list(root, counts, complete)
    out = lines(root.validate())
    assert any(l.startswith(expected) for l in out), out


@pytest.mark.parametrize("counts, complete, shown", [("{创建: 3}", None, False), ("{创建: 3}", "false", False),
                                                    ("{创建: 2}", None, True), ("{创建: 2}", "true", True)])
def test_completeness_follows_from_the_counts(root, counts, complete, shown):
    from generator.outputs.pages import coverage
    from generator.records.catalog import load_catalog

    root.town("one")
    root.town("two")
    _counted_list(root, counts, complete)
    assert root.validate().returncode == 0, root.validate().stdout
    cat = load_catalog(root.path)
    assert cat.lists["test-list"].complete is shown
    row = next(r for r in coverage(cat) if r["programme"].id == "test-prog")
    assert row["complete"] is shown and row["missing"] == (0 if shown else 1)  # the list page and coverage agree


# ---- issue 20: deep nesting and numbers that are not numbers ------------------------------------

@pytest.mark.parametrize("depth, opener, closer", [(60, "[", "]"), (500, "[", "]"), (400, "{a: ", "}"), (100_000, "[", "]")])
def test_deep_nesting_is_a_located_error_not_a_crash(root, depth, opener, closer):
    path = root.town("deep")
    path.write_text(path.read_text(encoding="utf-8") + "notes: " + opener * depth + "x" + closer * depth + "\n",
                    encoding="utf-8")
    result = root.validate()
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])  # not a crash (139) nor a traceback
    out = lines(result)
    assert any(re.match(r"towns/gd/deep\.yml:15:\d+: 嵌套过深：超过 50 层", l) for l in out), out


def test_deep_nesting_stops_the_build_with_the_same_line(root):
    from generator import build
    from generator.records.catalog import load_catalog

    path = root.town("deep")
    path.write_text(path.read_text(encoding="utf-8") + "notes: " + "[" * 800 + "]" * 800 + "\n", encoding="utf-8")
    settings = {"site_url": "https://example.org/", "repo_url": "https://github.com/o/r",
                "edit_base": "https://github.com/o/r/edit/main/", "tiles": "amap", "tiles_key": "", "search": False,
                "maps": False, "build_date": "2026-01-01"}
    with pytest.raises(build.InvalidRecords) as caught:
        build.generate(root.path, settings)
    assert any("嵌套过深" in str(p) and p.file == "towns/gd/deep.yml" for p in caught.value.problems)
    assert [str(p) for p in load_catalog(root.path).problems] == [str(p) for p in caught.value.problems]


def test_a_records_real_nesting_is_well_inside_the_limit(repo):
    from generator.records import load

    def depth(v):
        return 1 + max(map(depth, v.values() if isinstance(v, dict) else v), default=0) if isinstance(v, (dict, list)) else 0
    deepest = max(depth(load.load_file(f).data) for f in sorted((repo / "towns").glob("*/*.yml")))
    assert deepest * 3 < load.MAX_DEPTH, deepest


@pytest.mark.parametrize("value", [".nan", ".inf", ".NaN", "+.inf"])
def test_a_number_that_is_not_finite_is_refused(root, value):
    path = root.town("nan")
    path.write_text(path.read_text(encoding="utf-8") + f"space:\n  planned_area_mu: {value}\n", encoding="utf-8")
    out = lines(root.validate())
    assert any(l.startswith("towns/gd/nan.yml:16:20: ") and "不是有限的数" in l for l in out), out


def test_deeply_nested_policy_front_matter_is_a_line(root):
    (root.path / "policies" / "deep.md").write_text("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n正文\n", encoding="utf-8")
    out = lines(root.validate())
    assert any(l.startswith("policies/deep.md:1:1: 页首元数据无法解析") for l in out), out


# ---- issue 20: invisible characters in identifying fields -------------------------------------

@pytest.mark.parametrize("field, text, expected", [
    ("name", "测试镇\u200b甲", "towns/gd/inv.yml:3:7: name: 含有不可见字符 U+200B（零宽字符，第 4 个字符）：请删去 "
                             "(contains the invisible character U+200B, a zero-width character, at character 4: delete it)"),
    ("name", "合成\u202e名称gpj.exe", "towns/gd/inv.yml:3:7: name: 含有不可见字符 U+202E（文字方向控制符，第 3 个字符）：请删去 "
                                    "(contains the invisible character U+202E, a text-direction control, at character 3: delete it)"),
    ("name", "\ufeff测试镇", "towns/gd/inv.yml:3:7: name: 含有不可见字符 U+FEFF（零宽字符，第 1 个字符）"),
    ("name", '"测试镇\\x07甲"', "towns/gd/inv.yml:3:7: name: 含有不可见字符 U+0007（控制字符（如换行、制表符），第 4 个字符）"),
    ("name", '"测试镇\\N甲"', "towns/gd/inv.yml:3:7: name: 含有不可见字符 U+0085（控制字符（如换行、制表符），第 4 个字符）"),
])
def test_invisible_characters_in_a_name_are_a_located_error(root, field, text, expected):
    path = root.town("inv")
    path.write_text(path.read_text(encoding="utf-8").replace("name: 测试镇inv", f"{field}: {text}"), encoding="utf-8")
    out = lines(root.validate())
    assert any(l.startswith(expected) for l in out), out
    assert not any(text in l for l in out), "the message must not echo the text: an override would turn it around"


def test_invisible_characters_in_a_list_title_and_member_name_are_errors(root):
    root.town("one")
    path = root.path / "policies" / "lists" / "test-list.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 测试名单", "title: 测试\u2067名单")
                    .replace("name_as_published: one", "name_as_published: o\u200cne"), encoding="utf-8")
    out = lines(root.validate())
    assert any(l.startswith("policies/lists/test-list.yml:4:8: title: 含有不可见字符 U+2067") for l in out), out
    assert any(l.startswith("policies/lists/test-list.yml:11:24: members[0].name_as_published: 含有不可见字符 U+200C") for l in out), out


def test_invisible_characters_in_free_text_stay_allowed(root):
    path = root.town("free")
    path.write_text(path.read_text(encoding="utf-8") + "notes:\n  - 说明\u200b里可以有\u202e方向控制符\n", encoding="utf-8")
    assert root.validate().returncode == 0, root.validate().stdout


def test_every_identifying_field_refuses_invisible_characters():
    from generator.records.validate import PLAIN_TEXT, schema

    def field(s, path):
        node = s
        for p in path:
            node = node[p]
        return node
    identifying = {
        "town": ["properties.name", "properties.name_en", "properties.city", "properties.county",
                 "properties.division_as_listed.properties.name", "properties.enterprises.properties.backbone.items.properties.name",
                 "properties.platforms.items.properties.name", "properties.cooperation.properties.partners.items.properties.firm",
                 "properties.cooperation.properties.partners.items.properties.partner",
                 "properties.application_projects.items.properties.name", "$defs.designation.properties.name",
                 "$defs.designation.properties.applicant"],
        "list": ["properties.title", "properties.title_en", "properties.issuer", "properties.members.items.properties.name_as_published"],
        "programme": ["properties.name", "properties.name_en", "properties.short_name"],
        "scheme": ["properties.title", "properties.title_en"],
    }
    for name, paths in identifying.items():
        for path in paths:
            assert field(schema(name), path.split(".")).get("pattern") == PLAIN_TEXT, f"{name}: {path}"
