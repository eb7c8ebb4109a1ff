"""Search index inputs: name fragments, the platforms meta of a town page, directory.json shape."""
from __future__ import annotations

import json

from generator.outputs import directory, search
from generator.outputs.context import Context
from generator.records.catalog import load_catalog
from generator.settings import Settings


def test_name_grams_cover_every_two_character_fragment():
    grams = search.name_grams("佛山市禅城区张槎街道").split()
    for frag in ("张槎", "槎街", "城区", "禅城", "佛山"):
        assert frag in grams
    assert len(grams) == len(set(grams))
    assert search.name_grams("3D打印 Center") == "打印"


def test_platforms_meta_names_every_platform_with_its_anchor_number(repo):
    cat = load_catalog(repo)
    towns = [t for t in cat.towns if t.record.get("platforms")]
    assert towns, "no record holds a platform"
    for t in towns:
        meta = json.loads(search.platforms_meta(t.platforms))
        assert meta == [[i, p["name"], p["kind"]] for i, p in enumerate(t.record["platforms"], start=1)]
    assert search.platforms_meta([]) == "[]"


def test_directory_json_is_columnar_and_complete(repo):
    cat = load_catalog(repo)
    data = json.loads(directory.directory_json(Context(cat, Settings(), repo)))
    assert data["n"] == len(cat.towns)
    for col, values in data["c"].items():
        assert len(values) == data["n"], col
    for facet in directory.FACETS:
        for i in data["c"][facet.key]:
            assert isinstance(i, list) == facet.many
            for v in (i if isinstance(i, list) else [i]):
                assert v == -1 or 0 <= v < len(data["v"][facet.key])
