"""import-facts: sourced fact rows into place records, on temporary repository roots.

Where each field goes, with its source, date, scope, repost mark and qualifier; conflicts
reported and not written; located errors with nothing written; a second run that changes
nothing."""
from __future__ import annotations

import csv
import io

import pytest
import yaml

from generator.tools.cli import main

COLUMNS = ["slug", "field", "value", "unit", "name", "kind", "level", "as_of", "scope", "scope_note", "source_url",
           "source_title", "source_date", "publisher", "mirror", "note"]
SRC = "https://example.org/news/1"


def facts_file(root, rows, name="facts.csv"):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({"scope": "town", "source_url": SRC, "source_title": "某报：小镇", "mirror": "false"} | row)
    path = root.path.parent / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def run(root, path, *extra):
    return main(["--root", str(root.path), "import-facts", str(path), *extra])


def record(root, slug="zhuji"):
    return yaml.load((root.path / "towns" / "gd" / f"{slug}.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def snapshot(root):
    return {p.relative_to(root.path).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.path.rglob("*.yml"))}


ROWS = [
    {"slug": "zhuji", "field": "lead_industry", "value": "软件和信息服务", "as_of": "2019-05-01"},
    {"slug": "zhuji", "field": "description", "value": "珠吉街道地处天河区东部，以软件产业为主。", "as_of": "2019"},
    {"slug": "zhuji", "field": "platform", "name": "天河软件园孵化器", "kind": "孵化器（省级）", "level": "省级",
     "scope": "park", "scope_note": "天河软件园", "mirror": "true", "source_url": "https://mirror.example.net/a"},
    {"slug": "zhuji", "field": "lead_firm", "name": "甲公司；乙公司", "as_of": "2020"},
    {"slug": "zhuji", "field": "planned_area", "value": "约3.5", "unit": "平方公里", "as_of": "2018-06"},
    {"slug": "zhuji", "field": "firms_total", "value": "60多", "unit": "家（规模以上）", "as_of": "2021"},
    {"slug": "zhuji", "field": "investment", "value": "1万余", "unit": "万元", "as_of": "2017年累计"},
    {"slug": "zhuji", "field": "cooperation", "value": "与某大学共建联合实验室", "scope": "wider", "scope_note": "天河区"},
    {"slug": "zhuji", "field": "assessment", "value": "优秀", "as_of": "2018", "note": "省级年度考核"},
    {"slug": "zhuji", "field": "other", "value": "2019年获评省级示范", "source_date": "2019-12-01"},
    {"slug": "zhuji", "field": "theme", "value": "软件名镇"},
]


def test_each_field_lands_with_its_provenance_and_qualifier(root, capsys):
    root.town("zhuji", "珠吉街道")
    path = facts_file(root, ROWS)
    assert run(root, path) == 0
    out = capsys.readouterr().out
    assert "新增 added: 11" in out and "冲突 conflicts: 0" in out
    rec = record(root)
    assert rec["lead_industry"] == "软件和信息服务"
    assert rec["lead_industry_source"] == {"source": SRC, "as_of": "2019-05-01", "scope": "town"}
    assert rec["description"]["text"].startswith("珠吉街道") and rec["description"]["period"] == "2019"
    platform = rec["platforms"][0]
    assert platform["kind"] == "孵化器" and platform["kind_as_printed"] == "孵化器（省级）"
    assert platform["scope"] == "wider" and platform["scope_note"] == "天河软件园" and platform["mirror"] == "true"
    assert [f["name"] for f in rec["enterprises"]["backbone"]] == ["甲公司", "乙公司"]
    area = rec["figures"]["planned_area"][0]
    assert (area["value"], area["qualifier"], area["unit"], area["printed"]) == ("3.5", "约", "平方公里", "约3.5")
    assert area["period"] == "2018-06"
    firms = rec["figures"]["firms"][0]
    assert (firms["value"], firms["qualifier"], firms["unit"], firms["note"]) == ("60", "多", "家", "规模以上")
    money = rec["figures"]["investment"][0]
    assert (money["value"], money["qualifier"]) == ("10000", "余")
    assert rec["cooperation"]["reported"][0]["scope_note"] == "天河区"
    event = rec["designations"][0]["events"][0]
    assert (event["type"], event["year"], event["grade"], event["date_precision"]) == ("assessed", "2018", "优秀", "unknown")
    texts = [h["text"] for h in rec["highlights"]]
    assert texts == ["2019年获评省级示范", "定位：软件名镇"]
    urls = [s["url"] for s in rec["sources"]]
    assert urls.count(SRC) == 1 and "https://mirror.example.net/a" in urls
    assert root.validate().returncode == 0


def test_second_run_changes_nothing(root, capsys):
    root.town("zhuji", "珠吉街道")
    path = facts_file(root, ROWS)
    assert run(root, path) == 0
    first = snapshot(root)
    capsys.readouterr()
    assert run(root, path) == 0
    assert snapshot(root) == first
    out = capsys.readouterr().out
    assert "新增 added: 0" in out and "改动的记录 records changed: 0" in out


def test_conflicts_are_reported_and_not_written(root, capsys):
    root.town("zhuji", "珠吉街道")
    assert run(root, facts_file(root, ROWS)) == 0
    before = snapshot(root)
    capsys.readouterr()
    other = [
        {"slug": "zhuji", "field": "lead_industry", "value": "电子商务", "as_of": "2019-05-01"},
        {"slug": "zhuji", "field": "planned_area", "value": "4.2", "unit": "平方公里", "as_of": "2018-06"},
        {"slug": "zhuji", "field": "assessment", "value": "良好", "as_of": "2018"},
        {"slug": "zhuji", "field": "description", "value": "另一种说法。"},
    ]
    assert run(root, facts_file(root, other, "other.csv"), "--report", str(root.path.parent / "r.md")) == 0
    out = capsys.readouterr().out
    assert "冲突 conflicts: 4" in out
    assert snapshot(root) == before
    report = (root.path.parent / "r.md").read_text(encoding="utf-8")
    assert "冲突" in report and "软件和信息服务" in report and "电子商务" in report


def test_a_new_date_is_kept_beside_the_old_one(root):
    root.town("zhuji", "珠吉街道")
    assert run(root, facts_file(root, [ROWS[4], {**ROWS[4], "value": "4.2", "as_of": "2023"}])) == 0
    areas = record(root)["figures"]["planned_area"]
    assert [(a["value"], a["period"]) for a in areas] == [("3.5", "2018-06"), ("4.2", "2023")]


@pytest.mark.parametrize("row,message", [
    ({"slug": "no-such-place", "field": "lead_industry", "value": "x"}, "未知的地点"),
    ({"slug": "zhuji", "field": "favourite_colour", "value": "x"}, "未知的字段"),
    ({"slug": "zhuji", "field": "planned_area", "value": "三平方公里", "unit": "平方公里"}, "不是数字"),
    ({"slug": "zhuji", "field": "other", "value": "x", "source_url": "not a url"}, "网址"),
    ({"slug": "zhuji", "field": "other", "value": "x", "scope": "village"}, "scope"),
], ids=["slug", "field", "number", "source", "scope"])
def test_bad_rows_are_located_errors_and_nothing_is_written(root, capsys, row, message):
    root.town("zhuji", "珠吉街道")
    path = facts_file(root, [ROWS[0], row])
    before = snapshot(root)
    assert run(root, path) == 1
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and message in err, err
    assert "nothing written" in err
    assert snapshot(root) == before


def test_missing_columns_are_an_error(root, capsys):
    root.town("zhuji", "珠吉街道")
    path = root.path.parent / "bad.csv"
    path.write_text("slug,value\nzhuji,x\n", encoding="utf-8")
    assert run(root, path) == 1
    assert f"{path}:1:" in capsys.readouterr().err


def test_a_bom_is_accepted(root):
    root.town("zhuji", "珠吉街道")
    path = facts_file(root, ROWS[:1])
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(root, path) == 0
    assert record(root)["lead_industry"] == "软件和信息服务"


def test_imported_facts_reach_the_page_rows(root):
    from generator.outputs.facts import fact_rows
    from generator.records.catalog import labels
    from generator.records.load import load_file

    root.town("zhuji", "珠吉街道")
    assert run(root, facts_file(root, ROWS)) == 0
    rec = load_file(root.path / "towns" / "gd" / "zhuji.yml").data
    rows = {r["key"]: r for r in fact_rows(rec, labels())}
    assert rows["lead_industry"]["text"] == "软件和信息服务" and rows["lead_industry"]["source"] == SRC
    desc = rec["description"]  # shown under the title from the record (TownView.summary), not repeated in the facts
    assert desc["text"].startswith("珠吉街道") and desc["source"] == SRC and "description" not in rows
    area = rows["figures.planned_area"]["entries"][0]
    assert area["text"] == "约3.5平方公里（2018-06）" and area["source"] == SRC
    assert "space.planned_area_mu" not in rows  # known from the reported figure: not "unknown"
    assert rows["space.core_area_mu"].get("unknown")
