"""The new-record template: a stable slug, the schema line, titles from the schema,
and a record that validates once its source is filled in."""
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.tools.scaffold import SCHEMA_LINE, interactive_new, make_slug, provinces, scaffold

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "generator" / "schema" / "town.schema.json").read_text(encoding="utf-8"))


def fill_source(text: str) -> str:
    text = text.replace("  - url: https://  #", "  - url: http://hk.crntt.com/doc/7_0_104280317_1.html  #", 1)
    return text.replace("    title:  #", "    title: 广东公布首批\"互联网+\"小镇  #", 1)


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


def test_output_parses_and_has_schema_line():
    path, text = scaffold("gd", "佛山市禅城区张槎街道", "gd-internet-plus", 1, {"tianhe"})
    assert text.splitlines()[0] == SCHEMA_LINE
    data = yaml.safe_load(text)
    assert path == f"towns/gd/{data['slug']}.yml"
    assert data["name"] == "佛山市禅城区张槎街道"
    assert data["province"] == "广东省"
    assert data["designations"] == [{"programme": "gd-internet-plus", "batch": 1}]
    assert data["sources"] == [{"url": "https://", "title": None}]


def test_unfilled_source_does_not_validate_filled_one_does():
    _, text = scaffold("gx", "汽车产业创新小镇", "gx-innovation-town", 2, set())
    with pytest.raises(jsonschema.ValidationError):
        validate(yaml.safe_load(text))
    validate(yaml.safe_load(fill_source(text)))


def test_unknown_batch_is_left_out():
    _, text = scaffold("ah", "某某小镇", "ah-smart-cluster", None, set())
    data = yaml.safe_load(fill_source(text))
    assert "batch" not in data["designations"][0]
    validate(data)


def test_slug_is_stable():
    first = scaffold("gd", "广州市天河区", "gd-internet-plus", 1, set())
    again = scaffold("gd", "广州市天河区", "gd-internet-plus", 1, set())
    assert first == again
    assert make_slug("广州市天河区", set()) == "guangzhou-tianhe"
    assert re.fullmatch(SCHEMA["properties"]["slug"]["pattern"], make_slug('"中国-东盟新能源电动车"创新小镇', set()))


def test_slug_collisions():
    # the suffix is dropped only while that stays unique; then -2, -3
    assert make_slug("广州市天河区", {"guangzhou-tianhe"}) == "guangzhoushi-tianhequ"
    assert make_slug("广州市天河区", {"guangzhou-tianhe", "guangzhoushi-tianhequ"}) == "guangzhoushi-tianhequ-2"
    assert make_slug("广州市天河区", {"guangzhou-tianhe", "guangzhoushi-tianhequ",
                                   "guangzhoushi-tianhequ-2"}) == "guangzhoushi-tianhequ-3"
    assert make_slug("沙县区", set()) == "shaxian"        # never an empty word
    assert make_slug("创新小镇", set()) == "chuangxinxiaozhen"  # 小镇 is not a division
    with pytest.raises(ValueError):
        make_slug("“”", set())


def test_collision_in_scaffold():
    path, text = scaffold("gd", "广州市天河区", "gd-internet-plus", 1, {"guangzhou-tianhe"})
    assert path == "towns/gd/guangzhoushi-tianhequ.yml"
    assert "slug: guangzhoushi-tianhequ\n" in text


def test_optional_fields_come_from_the_schema():
    _, text = scaffold("gd", "广州市天河区", "gd-internet-plus", 1, set())
    for key, prop in SCHEMA["properties"].items():
        if key in ("slug", "name", "province", "designations", "sources"):
            continue
        assert f"# {key}:" in text, key
        if "title" in prop:
            assert prop["title"] in text, key
    assert SCHEMA["properties"]["space"]["properties"]["planned_area_mu"]["title"] in text
    assert "以 44 开头" in text  # the province's adcode prefix


def test_uncommented_template_has_the_schema_shape():
    """Removing '# ' from every field line gives YAML with the schema's keys, nested right."""
    _, text = scaffold("gd", "广州市天河区", "gd-internet-plus", 1, set())
    body = []
    for line in text.splitlines():
        match = re.match(r"^# ( *(?:- )?[a-z0-9_]+:.*)$", line)
        body.append(match.group(1) if match else line)
    data = yaml.safe_load("\n".join(body))
    assert set(data) == set(SCHEMA["properties"])
    assert set(data["space"]) == set(SCHEMA["properties"]["space"]["properties"])
    designation = SCHEMA["$defs"]["designation"]["properties"]
    assert set(data["designations"][0]) == set(designation)
    assert set(data["designations"][0]["events"][0]) == set(designation["events"]["items"]["properties"])


def test_provinces_file():
    table = provinces()
    assert len(table) == 31
    assert table["gd"] == {"name": "广东省", "adcode_prefix": "44"}
    assert table["gx"]["name"] == "广西壮族自治区"
    assert len({row["adcode_prefix"] for row in table.values()}) == 31


def test_full_validator_accepts_filled_template():
    """The project's own schema check (generator.records.validate), where it is present."""
    from generator.records import load
    from generator.records import validate as validate_mod

    path, text = scaffold("gd", "佛山市禅城区张槎街道", "gd-internet-plus", 1, set())
    assert validate_mod.schema_problems(load.parse_text(text, path), "town") != []
    assert validate_mod.schema_problems(load.parse_text(fill_source(text), path), "town") == []


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "towns" / "gd").mkdir(parents=True)
    (tmp_path / "towns" / "gd" / "tianhe.yml").write_text("slug: tianhe\n", encoding="utf-8")
    (tmp_path / "policies" / "programmes").mkdir(parents=True)
    (tmp_path / "policies" / "programmes" / "gd-internet-plus.yml").write_text("id: gd-internet-plus\n", encoding="utf-8")
    return tmp_path


def test_new_with_flags_writes_and_refuses_to_overwrite(repo):
    argv = ["--province", "gd", "--name", "佛山市禅城区张槎街道", "--programme", "gd-internet-plus", "--batch", "1"]
    out = io.StringIO()
    assert interactive_new(argv, io.StringIO(""), out, root=repo) == 0
    target = repo / "towns" / "gd" / "foshan-chancheng-zhangcha.yml"
    written = target.read_text(encoding="utf-8")
    assert written.startswith(SCHEMA_LINE)
    target.write_text(written + "# edited\n", encoding="utf-8")
    # same name again: the slug is now taken, so a new file gets the longer slug
    assert interactive_new(argv, io.StringIO(""), io.StringIO(), root=repo) == 0
    assert (repo / "towns" / "gd" / "foshanshi-chanchengqu-zhangchajiedao.yml").exists()
    assert target.read_text(encoding="utf-8").endswith("# edited\n")


def test_new_refuses_existing_file(repo, monkeypatch):
    import generator.tools.scaffold as sc
    monkeypatch.setattr(sc, "existing_slugs", lambda root: set())  # pretend the slug is free
    argv = ["--province", "gd", "--name", "天河", "--programme", "gd-internet-plus"]
    assert interactive_new(argv, io.StringIO(""), io.StringIO(), root=repo) == 2
    assert (repo / "towns" / "gd" / "tianhe.yml").read_text(encoding="utf-8") == "slug: tianhe\n"


def test_new_asks_questions(repo):
    answers = io.StringIO("广东省\n佛山市禅城区张槎街道\ngd-internet-plus\n\n")
    out = io.StringIO()
    assert interactive_new([], answers, out, root=repo) == 0
    data = yaml.safe_load((repo / "towns" / "gd" / "foshan-chancheng-zhangcha.yml").read_text(encoding="utf-8"))
    assert data["province"] == "广东省" and "batch" not in data["designations"][0]
    assert "gd-internet-plus" in out.getvalue()  # the known programmes are offered


def test_new_rejects_unknown_values(repo):
    assert interactive_new(["--province", "xx", "--name", "a", "--programme", "gd-internet-plus"],
                           io.StringIO(""), io.StringIO(), root=repo) == 2
    assert interactive_new(["--province", "gd", "--name", "a", "--programme", "nope"],
                           io.StringIO(""), io.StringIO(), root=repo) == 2
    assert interactive_new(["--province", "gd", "--name", "a", "--programme", "gd-internet-plus", "--batch", "x"],
                           io.StringIO(""), io.StringIO(), root=repo) == 2
