"""Search index inputs: name fragments, one record per platform, directory.json shape."""
from __future__ import annotations

import json

from generator import directory, pages, search
from generator.catalog import load_catalog


def test_name_grams_cover_every_two_character_fragment():
    grams = search.name_grams("佛山市禅城区张槎街道").split()
    for frag in ("张槎", "槎街", "城区", "禅城", "佛山"):
        assert frag in grams
    assert len(grams) == len(set(grams))
    assert search.name_grams("3D打印 Center") == "打印"


def test_platform_records_one_per_platform(repo):
    cat = load_catalog(repo)
    records = search.platform_records(cat)
    assert len(records) == sum(len(t.record.get("platforms", [])) for t in cat.towns)
    for r in records:
        assert r["url"].startswith("/towns/") and "#platform-" in r["url"]
        assert r["language"] == "zh"
        assert r["meta"]["entity"] == "platform" and r["meta"]["title"]
        assert r["filters"]["platform_kind"] == [r["meta"]["kind"]]


def test_directory_json_is_columnar_and_complete(repo):
    cat = load_catalog(repo)
    data = json.loads(directory.directory_json(cat, pages.View(cat, {"site_url": "/"})))
    assert data["n"] == len(cat.towns)
    for col, values in data["c"].items():
        assert len(values) == data["n"], col
    for facet, *_ in directory.FACETS:
        for i in data["c"][facet]:
            for v in (i if isinstance(i, list) else [i]):
                assert v == -1 or 0 <= v < len(data["v"][facet])
