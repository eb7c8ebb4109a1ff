"""derive/names.py: the names that find a place, and the exact-name table's shards."""
from __future__ import annotations

from types import SimpleNamespace

from generator.derive.names import divisions, is_township, normal, search_names, stripped
from generator.outputs.search import shard_of


def _town(record, designations=(), platforms=()):
    return SimpleNamespace(record=record, name=record["name"], designations=list(designations),
                           platforms=[SimpleNamespace(name=p) for p in platforms])


def _designation(name=None, printed=()):
    return SimpleNamespace(record={"name": name} if name else {},
                           lists=[{"member": {"name_as_published": p}} for p in printed])


def test_prefixes_come_off_one_by_one():
    record = {"name": "八里店镇", "province": "浙江省", "city": "湖州市", "county": "吴兴区"}
    assert stripped("浙江省湖州市八里店镇", divisions(record)) == ["湖州市八里店镇", "八里店镇"]
    assert stripped("浙江湖州八里店镇", divisions(record)) == ["湖州八里店镇", "八里店镇"]
    assert stripped("八里店镇", divisions(record)) == []


def test_every_kind_of_name():
    town = _town({"name": "八里店镇", "province": "浙江省", "city": "湖州市", "county": "吴兴区"},
                 [_designation("吴兴八里店小镇", ["浙江省湖州市八里店镇"])], ["八里店科创园"])
    names = search_names(town)
    assert names["name"] == ["八里店镇"]
    assert names["designation"] == ["吴兴八里店小镇"]
    assert names["printed"] == ["浙江省湖州市八里店镇"]
    assert "湖州市八里店镇" in names["stripped"]
    assert names["county_township"] == ["吴兴区八里店镇"]
    assert names["platform"] == ["八里店科创园"]


def test_a_programmes_town_is_not_a_township():
    assert is_township("织里镇") and is_township("张槎街道") and not is_township("梦翔小镇")


def test_folding_and_shards():
    assert normal(" “中国-东盟新能源电动车”创新小镇 ") == "中国-东盟新能源电动车创新小镇"
    assert normal("ＶＲ小镇") == "vr小镇"
    assert shard_of("八里店镇", 1) == 0
    assert {shard_of(f"合成小镇{i:05d}号", 300) for i in range(3000)} >= set(range(250)), "hash spreads names"
    # FNV-1a of "a" (one UTF-16 unit 0x61) is 0xE40C292C, the published test vector
    assert shard_of("a", 2 ** 31) == 0xE40C292C % 2 ** 31
