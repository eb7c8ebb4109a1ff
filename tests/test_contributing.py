"""The YAML examples in CONTRIBUTING.md follow the real record formats.

A block whose first line is the `$schema` comment is a whole file and is checked
against that schema; a block starting `# 文件 file: <path>` is an excerpt, whose
top-level keys replace those of that file before the file is checked.
"""
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.tools.scaffold import make_slug

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", TEXT, re.S)


class _Loader(yaml.SafeLoader):
    """Dates stay text, as the project's loader keeps them (the schema wants strings)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str):
    return yaml.load(text, Loader=_Loader)


def schema(name: str) -> jsonschema.Draft202012Validator:
    data = json.loads((ROOT / "generator" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(data, format_checker=jsonschema.FormatChecker())


def schema_of(text: str) -> str:
    match = re.match(r"# yaml-language-server: \$schema=\.\./\.\./generator/schema/(\w+)\.schema\.json\n", text)
    return match.group(1) if match else ""


def test_there_are_examples():
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[0][:40])
def test_example_follows_the_format(block):
    data = load(block)
    excerpt = re.match(r"# 文件 file: (\S+?)（", block)
    if excerpt:
        target = ROOT / excerpt.group(1)
        assert target.exists(), f"the example is an excerpt of {target}, which does not exist"
        full = target.read_text(encoding="utf-8")
        whole = load(full)
        whole.update(data)
        name = schema_of(full)
    else:
        whole, name = data, schema_of(block)
    assert name, "an example is a whole file with its $schema line, or an excerpt naming its file"
    errors = [f"{list(e.path)}: {e.message}" for e in schema(name).iter_errors(whole)]
    assert not errors


def test_town_example_slug_is_what_new_makes():
    town = next(load(b) for b in BLOCKS if schema_of(b) == "town")
    assert town["slug"] == make_slug(town["name"], {"tianhe"})
    assert f"towns/gd/{town['slug']}.yml" in TEXT


def test_list_example_slugs_are_what_new_makes():
    listing = next(load(b) for b in BLOCKS if schema_of(b) == "list" and "gx-" in b)
    for member in listing["members"]:
        assert member["town"] == make_slug(member["name_as_published"], set())
