"""import-list: a published table into policies/lists/ and towns/, on temporary repository roots.

Each matching rule, the uncertain cases and --match, new places, the re-run that changes
nothing, a hand edit that survives it, every bad-table error, CSV with and without a BOM,
and an XLSX written here with openpyxl."""
from __future__ import annotations

import textwrap

import openpyxl
import pytest
import yaml

from generator.tools.cli import main

OPTIONS = ["--programme", "test-prog", "--batch", "1", "--kind", "listing", "--date", "2016-06-24",
           "--title", "测试名单", "--issuer", "测试厅", "--source", "https://example.org/list"]

PLACE = """\
# yaml-language-server: $schema=../../generator/schema/town.schema.json
slug: {slug}
name: {name}
province: 广东省
{division}designations:
  - programme: {programme}
{extra}sources:
  - url: https://example.org/{slug}
    title: 来源
"""


def held(root, slug, name, division="city: 广州市\ncounty: 天河区\nadcode: '440106'\n", programme="other-prog",
         extra=""):
    """A place held under another programme (so this list's import must add the designation)."""
    return root.town(slug, text=PLACE.format(slug=slug, name=name, division=division, programme=programme,
                                             extra=extra), listed=False)


@pytest.fixture
def repo(root):
    (root.path / "policies" / "programmes" / "other-prog.yml").write_text(
        "id: other-prog\nname: 另一计划\nname_en: Other\nrun_by: 部\nrun_by_kind: 中央政府部门\n"
        "batches:\n  - batch: 1\n    year: 2015\nsources:\n  - url: https://example.org/o\n    title: 来源\n",
        encoding="utf-8")
    root.members = []
    return root


def other_list(root, slugs):
    members = "".join(f"  - town: {s}\n    name_as_published: {s}\n" for s in slugs)
    (root.path / "policies" / "lists" / "other-list.yml").write_text(
        "id: other-list\nprogramme: other-prog\nbatch: 1\ntitle: 另一名单\nissuer: 部\ndate: 2015-01-01\n"
        f"kind: naming\nsource: https://example.org/ol\nmembers:\n{members}", encoding="utf-8")


def csv_file(root, text, name="list.csv", bom=False):
    path = root.path.parent / name
    path.write_text(("\ufeff" if bom else "") + textwrap.dedent(text), encoding="utf-8")
    return path


def run(root, table, *extra):
    return main(["--root", str(root.path), "import-list", str(table), *OPTIONS, *extra])


def snapshot(root):
    return {p.relative_to(root.path).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.path.rglob("*.yml"))}


def load(root, path):
    return yaml.safe_load((root.path / path).read_text(encoding="utf-8"))


def members(root, lid="test-prog-2016-batch1"):
    return {m["town"]: m for m in load(root, f"policies/lists/{lid}.yml")["members"]}


def test_new_places_get_division_point_designation_and_source(repo, capsys):
    table = csv_file(repo, """\
        序号,省份,市,县（区）,小镇名称,类别
        1,广东省,广州市,天河区,天河区石牌街道,产业型
        2,广东省,,,番禺沙湾瑰宝小镇,
        """)
    assert run(repo, table, "--announced", "3") == 0
    out = capsys.readouterr().out
    assert "新建地点 created: 2" in out
    rec = load(repo, "towns/gd/tianhe-shipai.yml")
    assert rec["name"] == "石牌街道" and rec["adcode"] == "440106" and rec["county"] == "天河区"
    assert rec["designations"] == [{"programme": "test-prog", "batch": 1, "town_type": "产业型"}]
    assert rec["location"]["precision"] == "county" and "近似" in rec["location"]["basis"]
    assert rec["sources"][0]["url"] == "https://example.org/list"
    prefixed = load(repo, "towns/gd/panyushawanguibao.yml")
    assert prefixed["county"] == "番禺区" and any("名称前缀" in n for n in prefixed["notes"])
    lst = load(repo, "policies/lists/test-prog-2016-batch1.yml")
    assert [m["position"] for m in lst["members"]] == [1, 2]
    assert lst["published_counts"] == {"入选": 3} and lst["complete"] is False
    assert repo.validate().returncode == 0


def test_each_matching_rule_is_named(repo, capsys):
    held(repo, "a-code", "石牌街道")
    held(repo, "b-county", "员村街道", division="county: 天河区\n")
    held(repo, "c-city", "车陂街道")
    held(repo, "d-printed", "五山街道",
         extra="    name: 五山科创小镇\n")
    held(repo, "e-province", "沙河镇", division="")
    other_list(repo, ["a-code", "b-county", "c-city", "d-printed", "e-province"])
    table = csv_file(repo, """\
        名称,省,市,县区
        广州市天河区石牌街道,广东省,广州市,天河区
        员村,广东省,,天河区
        车陂街道,广东省,广州市,
        五山科创小镇,广东省,广州市,天河区
        沙河镇,广东省,,
        """)
    assert run(repo, table) == 0
    out = capsys.readouterr().out
    for slug, rule in (("a-code", "区划代码相同"), ("b-county", "同县（区）同名"), ("c-city", "同市同名"),
                       ("d-printed", "已有认定的公布名称"), ("e-province", "同省同名")):
        line = next(line for line in out.splitlines() if f"| {slug} |" in line)
        assert rule in line, line
    assert "新建地点 created: 0" in out
    assert set(members(repo)) == {"a-code", "b-county", "c-city", "d-printed", "e-province"}
    rec = load(repo, "towns/gd/a-code.yml")
    assert [d["programme"] for d in rec["designations"]] == ["other-prog", "test-prog"]
    assert repo.validate().returncode == 0


def test_uncertain_rows_are_listed_not_written_and_match_settles_them(repo, capsys):
    held(repo, "shipai-jd", "石牌街道")
    held(repo, "shipai-zhen", "石牌镇")
    held(repo, "yuancun", "员村街道", division="city: 广州市\ncounty: 越秀区\nadcode: '440104'\n")
    other_list(repo, ["shipai-jd", "shipai-zhen", "yuancun"])
    table = csv_file(repo, """\
        名称,省份,市,县（区）
        石牌,广东省,广州市,天河区
        员村街道,广东省,广州市,天河区
        """)
    before = snapshot(repo)
    assert run(repo, table) == 0
    out = capsys.readouterr().out
    assert "不确定，未写入 ambiguous, not written: 2" in out
    assert "shipai-jd" in out and "shipai-zhen" in out and "县区不同或不明" in out
    assert snapshot(repo) == before
    assert run(repo, table, "--match", "2=shipai-zhen", "--match", "3=new") == 0
    out = capsys.readouterr().out
    assert "人工指定" in out and "新建地点 created: 1" in out
    assert set(members(repo)) == {"shipai-zhen", "tianhe-yuancun"}
    after = snapshot(repo)
    assert run(repo, table) == 0  # re-run without --match: both rows are on the list now
    assert snapshot(repo) == after
    assert "名单已有" in capsys.readouterr().out


def test_second_run_changes_nothing_and_keeps_hand_edits(repo, capsys):
    table = csv_file(repo, "序号,名称,省份,县（区）\n1,珠吉街道,广东省,天河区\n2,龙洞街道,广东省,天河区\n")
    assert run(repo, table) == 0
    first = snapshot(repo)
    assert run(repo, table) == 0
    assert snapshot(repo) == first
    file = repo.path / "towns" / "gd" / "tianhe-zhuji.yml"
    edited = file.read_text(encoding="utf-8").replace("name: 珠吉街道", "name: 珠吉街道（改）") + \
        "notes:\n  - 人工补充的说明。\n"
    edited = edited.replace("sources:", "lead_industry: 软件\nsources:")
    file.write_text(edited, encoding="utf-8")
    lst = repo.path / "policies" / "lists" / "test-prog-2016-batch1.yml"
    lst.write_text(lst.read_text(encoding="utf-8").replace("title: 测试名单", "title: 测试名单（附件）"), encoding="utf-8")
    edited_tree = snapshot(repo)
    capsys.readouterr()
    assert run(repo, table) == 0
    assert snapshot(repo) == edited_tree
    assert "与已有不同" in capsys.readouterr().out


@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_csv_with_and_without_bom(repo, bom):
    table = csv_file(repo, "小镇名称,省份,县（区）\n珠吉街道,广东省,天河区\n", bom=bom)
    assert run(repo, table) == 0
    assert "tianhe-zhuji" in members(repo)


def test_xlsx_with_a_title_row_above_the_header(repo, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["附件：第一批测试名单"])
    sheet.append(["序号", "地市", "县（市、区）", "特色小镇名称", "主导产业"])
    sheet.append([1, "广州市", "天河区", "天河软件小镇", "软件"])
    sheet.append([2.0, "广州市", "番禺区", "沙湾古镇", None])
    path = repo.path.parent / "名单.xlsx"
    book.save(path)
    opts = ["--root", str(repo.path), "import-list", str(path), *OPTIONS]
    opts[opts.index("--programme") + 1] = "test-prog"
    (repo.path / "policies" / "programmes" / "test-prog.yml").write_text(
        (repo.path / "policies" / "programmes" / "test-prog.yml").read_text(encoding="utf-8").replace(
            "run_by: 测试厅", "province: 广东省\nrun_by: 测试厅"), encoding="utf-8")
    assert main(opts) == 0
    got = members(repo)
    assert [m["position"] for m in got.values()] == [1, 2]
    rec = load(repo, "towns/gd/tianhe-tianhe-ruanjian.yml") if (repo.path / "towns/gd/tianhe-tianhe-ruanjian.yml").exists() \
        else load(repo, f"towns/gd/{next(iter(got))}.yml")
    assert rec["lead_industry"] == "软件" and rec["lead_industry_source"]["source"] == "https://example.org/list"
    assert repo.validate().returncode == 0


BAD = [
    ("no-name", "省份,县（区）\n广东省,天河区\n", ":1:1:", "找不到名称列"),
    ("county", "名称,省份,县（区）\n珠吉街道,广东省,不存在县\n", ":2:3:", "未知的县区"),
    ("duplicate", "名称,省份,县（区）\n珠吉街道,广东省,天河区\n天河区珠吉街道,广东省,天河区\n", ":3:1:", "重复"),
    ("empty-name", "序号,名称,省份\n1,,广东省\n", ":2:2:", "名称为空"),
    ("bad-position", "序号,名称,省份\n一,珠吉街道,广东省\n", ":2:1:", "序号"),
    ("bad-grade", "名称,省份,等级\n珠吉街道,广东省,很好\n", ":2:3:", "等级"),
]


@pytest.mark.parametrize("case,text,where,message", BAD, ids=[b[0] for b in BAD])
def test_bad_tables_get_located_errors_and_nothing_is_written(repo, capsys, case, text, where, message):
    table = csv_file(repo, text)
    before = snapshot(repo)
    assert run(repo, table) == 1
    err = capsys.readouterr().err
    assert f"{table}{where}" in err and message in err, err
    assert "nothing written" in err
    assert snapshot(repo) == before


@pytest.mark.parametrize("option,value,message", [("--date", "2016-13-01", "不是日期"),
                                                  ("--programme", "no-such", "不存在")])
def test_bad_options_are_located_errors(repo, capsys, option, value, message):
    table = csv_file(repo, "名称,省份,县（区）\n珠吉街道,广东省,天河区\n")
    args = list(OPTIONS)
    args[args.index(option) + 1] = value
    before = snapshot(repo)
    assert main(["--root", str(repo.path), "import-list", str(table), *args]) == 1
    err = capsys.readouterr().err
    assert f"{table}:1:1:" in err and message in err
    assert snapshot(repo) == before


def test_grades_become_events_on_the_matched_designation(repo, capsys):
    repo.town("zhuji", "珠吉街道")
    table = csv_file(repo, "名称,省份,县（区）,等级,考核年度\n珠吉街道,广东省,天河区,优秀,2017\n新塘街道,广东省,天河区,良好,2017\n")
    args = ["--root", str(repo.path), "import-list", str(table), "--programme", "test-prog", "--date", "2018-03-01",
            "--title", "2017年度考核结果", "--issuer", "测试厅", "--source", "https://example.org/grades"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "拒绝 rejected: 1" in out  # 新塘街道 is not held: an assessment creates no place
    events = load(repo, "towns/gd/zhuji.yml")["designations"][0]["events"]
    assert [dict(e, date=str(e["date"])) for e in events] == [{"type": "assessed", "date": "2018-03-01", "year": 2017, "grade": "优秀",
                       "document": "2017年度考核结果", "source": "https://example.org/grades", "decided_by": "测试厅"}]
    before = snapshot(repo)
    assert main(args) == 0
    assert snapshot(repo) == before
    assert repo.validate().returncode == 0


def test_an_undeclared_batch_is_added_to_the_programme(repo):
    table = csv_file(repo, "名称,省份,县（区）\n珠吉街道,广东省,天河区\n")
    args = list(OPTIONS)
    args[args.index("--batch") + 1] = "2"
    assert main(["--root", str(repo.path), "import-list", str(table), *args, "--announced", "1"]) == 0
    prog = load(repo, "policies/programmes/test-prog.yml")
    assert prog["batches"][-1] == {"batch": 2, "year": 2016, "announced": {"入选": 1},
                                   "source": "https://example.org/list"}
    assert "sources:" in (repo.path / "policies/programmes/test-prog.yml").read_text(encoding="utf-8")
    assert repo.validate().returncode == 0


def test_report_file_is_markdown_for_a_pull_request(repo, tmp_path):
    table = csv_file(repo, "名称,省份,县（区）\n珠吉街道,广东省,天河区\n")
    report = tmp_path / "report.md"
    assert run(repo, table, "--report", str(report), "--dry-run") == 0
    text = report.read_text(encoding="utf-8")
    assert text.startswith("## 导入名单") and "| 行 row |" in text and "tianhe-zhuji" in text
    assert not (repo.path / "towns" / "gd" / "tianhe-zhuji.yml").exists()


def test_names_are_compared_without_their_division_prefix_and_suffix():
    from generator.tools.matching import normalise

    assert normalise("晋中市灵石县静升镇", "14") == normalise("静升镇", "14") == "静升"
    assert normalise("福建厦门集美汽车小镇", "35") == normalise("集美汽车小镇", "35") == "汽车"
    # province, city and county are each stripped once: 古田 (also a county of 福建) stays
    assert normalise("上杭古田红色小镇", "35") == "古田红色"
    assert normalise("赣江新区共青城市南湖基金小镇", "36") == normalise("共青城市南湖基金小镇", "36")


def test_a_similar_name_in_the_county_is_pointed_out(repo, capsys):
    held(repo, "gutian", "古田镇", division="city: 广州市\ncounty: 天河区\nadcode: '440106'\n")
    other_list(repo, ["gutian"])
    table = csv_file(repo, "名称,省份,县（区）\n古田红色小镇,广东省,天河区\n")
    assert run(repo, table) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "古田红色小镇" in line)
    assert "gutian（古田镇）" in line
