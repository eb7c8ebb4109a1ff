"""Nearby towns: same county first, else the same city; never the town itself; capped; linear."""
from generator.outputs.nearby import nearby
from generator.records.model import Town


def town(slug, city=None, county=None, province="广东省"):
    r = {"slug": slug, "name": slug.upper(), "province": province}
    if city:
        r["city"] = city
    if county:
        r["county"] = county
    return Town(record=r, file=f"towns/{slug}.yml", doc=None)


def test_same_county_before_same_city():
    ts = [town("a", "佛山市", "南海区"), town("b", "佛山市", "南海区"), town("c", "佛山市", "顺德区")]
    n = nearby(ts)
    assert n["a"].scope == "county" and [t.slug for t in n["a"].towns] == ["b"]
    assert n["b"].division == "南海区"
    # c is alone in its county: its neighbours are the city's others
    assert n["c"].scope == "city" and [t.slug for t in n["c"].towns] == ["a", "b"]
    assert n["c"].division == "佛山市"


def test_alone_has_none_and_provinces_apart():
    ts = [town("a", "佛山市", "南海区"), town("b", "佛山市", "南海区", province="广西壮族自治区"), town("c")]
    assert nearby(ts) == {}


def test_limit_and_count_of_the_rest():
    ts = [town(f"t{i:02d}", "佛山市", "南海区") for i in range(20)]
    n = nearby(ts, limit=5)
    assert [t.slug for t in n["t00"].towns] == ["t01", "t02", "t03", "t04", "t05"]
    assert [t.slug for t in n["t03"].towns] == ["t00", "t01", "t02", "t04", "t05"]
    assert n["t03"].more == 14 and all(len(v.towns) == 5 for v in n.values())


def test_each_page_bounded_at_10000():
    """One county holding 10,000 towns (the worst case): every page still lists at most 12."""
    ts = [town(f"t{i:05d}", "佛山市", "南海区") for i in range(10000)]
    n = nearby(ts)
    assert len(n) == 10000 and all(len(v.towns) == 12 and v.more == 9999 - 12 for v in n.values())
