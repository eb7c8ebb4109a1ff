"""Criteria schemes (policies/schemes/*.yml) and their evaluation (generator/derive/criteria.py)."""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.derive.criteria import evaluate, merged_facts, region_of, summarize

ROOT = Path(__file__).resolve().parents[1]
SCHEMES_DIR = ROOT / "policies" / "schemes"
SCHEME_IDS = ["gd-2016", "gd-2017", "gx-2018"]
INDUSTRY, APPLICATION = "产业型", "应用型"

GD_COMMON = [
    "mechanism.leadership", "mechanism.management", "space.boundary", "space.planned_area", "space.core_area",
    "application.projects", "innovation.platforms", "innovation.cooperation", "policy.funding_ratio",
    "services.platforms", "services.fibre", "services.mobile_4g", "services.wlan",
]
GD_REQUIRED = {
    INDUSTRY: GD_COMMON + ["industry.backbone", "innovation.rnd_share"],
    APPLICATION: GD_COMMON + ["industry.internet_firms", "industry.integration_share", "innovation.it_share"],
}
GX_REQUIRED = [
    "mechanism.leadership", "investment.fixed_assets", "investment.featured_share", "investment.first_year_share",
    "innovation.rnd_share", "innovation.cooperation", "policy.funding_ratio",
]


def load(scheme_id):
    return yaml.safe_load((SCHEMES_DIR / f"{scheme_id}.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schemes():
    return {sid: load(sid) for sid in SCHEME_IDS}


def by_id(results):
    ids = [r["id"] for r in results]
    assert len(ids) == len(set(ids)), f"duplicate ids in results: {ids}"
    return {r["id"]: r for r in results}


def result_of(scheme, town, town_type, crit_id):
    return by_id(evaluate(scheme, town, town_type))[crit_id]


# A Guangdong town that meets everything for its type (Shenzhen, 珠三角).
def full_gd_town(**overrides):
    town = {
        "slug": "example", "name": "示例小镇", "province": "广东省", "programme": "gd-internet-plus",
        "city": "深圳市",
        "mechanism": {"leadership": True, "management_body": True, "service_team": True},
        "space": {"boundary_defined": True, "planned_area_mu": 400, "core_area_mu": {"value": 160, "qualifier": "以上"}},
        "enterprises": {
            "internet_firms": 50, "internet_firms_over_200m": 4, "rnd_firms": 15,
            "traditional_firms": 100, "traditional_integrated": 40, "traditional_it_dept": 35, "it_share": 35,
        },
        "platforms": [
            {"name": "甲众创空间", "kind": "众创空间"}, {"name": "乙孵化器", "kind": "孵化器"},
            {"name": "丙创业学院", "kind": "创业学院"}, {"name": "丁基金", "kind": "创投基金"},
            {"name": "戊融资", "kind": "融资服务"}, {"name": "己培训", "kind": "人才培训"},
        ],
        "cooperation": {"firms": 12},
        "application_projects": [{"name": "某“互联网+政务”项目"}],
        "infrastructure": {"fibre_mbps": 1000, "mobile_4g_full": True, "wlan_full": True},
        "funding": {"plan_issued": True, "committed_ratio": "1:1:1"},
    }
    town.update(overrides)
    return town


# --- the scheme files ---------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_scheme_validates_against_schema(scheme_id):
    schema = json.loads((ROOT / "generator" / "schema" / "scheme.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(load(scheme_id))


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_scheme_id_matches_file_and_programme(scheme_id, schemes):
    scheme = schemes[scheme_id]
    assert scheme["id"] == scheme_id
    assert (ROOT / "policies" / f"{scheme['policy']}.md").is_file()


@pytest.mark.parametrize("scheme_id", ["gd-2016", "gd-2017"])
@pytest.mark.parametrize("town_type", [INDUSTRY, APPLICATION])
def test_guangdong_required_ids(schemes, scheme_id, town_type):
    ids = [c["id"] for c in schemes[scheme_id]["criteria"] if town_type in c.get("applies_to", [town_type])]
    assert len(ids) == len(set(ids)), "an id occurs twice for one type"
    assert set(GD_REQUIRED[town_type]) <= set(ids)
    other = APPLICATION if town_type == INDUSTRY else INDUSTRY
    only_other = set(GD_REQUIRED[other]) - set(GD_REQUIRED[town_type])
    assert not only_other & set(ids)


def test_guangxi_required_ids(schemes):
    ids = [c["id"] for c in schemes["gx-2018"]["criteria"]]
    assert len(ids) == len(set(ids))
    assert set(GX_REQUIRED) <= set(ids)
    assert not schemes["gx-2018"].get("town_types")


def test_guangdong_regions(schemes):
    for sid in ("gd-2016", "gd-2017"):
        regions = {r["name"]: r["cities"] for r in schemes[sid]["regions"]}
        assert set(regions) == {"珠三角", "粤东西北"}
        assert len(regions["珠三角"]) == 9 and len(regions["粤东西北"]) == 12
        assert not set(regions["珠三角"]) & set(regions["粤东西北"])


def _walk_rules(rule):
    yield rule
    for sub in rule.get("rules", []):
        yield from _walk_rules(sub)
    for sub in rule.get("variants", {}).values():
        yield from _walk_rules(sub)


def _town_schema_has(path):
    node = json.loads((ROOT / "generator" / "schema" / "town.schema.json").read_text(encoding="utf-8"))
    for key in path.split("."):
        props = node.get("properties") or node.get("items", {}).get("properties")
        if not props or key not in props:
            return False
        node = props[key]
    return True


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_rule_fields_exist_in_town_schema(schemes, scheme_id):
    for criterion in schemes[scheme_id]["criteria"]:
        for rule in _walk_rules(criterion["rule"]):
            for key in ("field", "numerator", "denominator", "items", "stated", "complete"):
                if key in rule:
                    assert _town_schema_has(rule[key]), f"{criterion['id']}: {rule[key]}"
        if criterion["rule"]["kind"] == "by_region":
            assert set(criterion["rule"]["variants"]) == {r["name"] for r in schemes[scheme_id]["regions"]}
        for t in criterion.get("applies_to", []):
            assert t in schemes[scheme_id]["town_types"]


def _page_anchors_and_text(policy):
    text = (ROOT / "policies" / f"{policy}.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", text))
    return anchors, re.sub(r"\s+", "", text)


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_clauses_cite_existing_anchor_and_exact_text(schemes, scheme_id):
    scheme = schemes[scheme_id]
    clauses = [c["clause"] for c in scheme["criteria"]] + [s["clause"] for s in scheme["stages"]]
    for clause in clauses:
        anchors, text = _page_anchors_and_text(clause["policy"])
        assert clause["anchor"] in anchors, clause
        assert re.sub(r"\s+", "", clause["text"]) in text, clause


def test_thresholds_match_the_documents(schemes):
    def rule(sid, cid, town_type=None):
        return next(c["rule"] for c in schemes[sid]["criteria"]
                    if c["id"] == cid and (town_type is None or town_type in c.get("applies_to", [town_type])))
    for sid in ("gd-2016", "gd-2017"):
        assert rule(sid, "space.planned_area", INDUSTRY)["min"] == 300
        assert rule(sid, "space.core_area", INDUSTRY)["min"] == 150
        area = rule(sid, "space.planned_area", APPLICATION)["variants"]
        core = rule(sid, "space.core_area", APPLICATION)["variants"]
        assert (area["珠三角"]["min"], area["粤东西北"]["min"]) == (300, 200)
        assert (core["珠三角"]["min"], core["粤东西北"]["min"]) == (150, 100)
        assert rule(sid, "innovation.platforms", INDUSTRY)["min"] == 3
        assert rule(sid, "innovation.platforms", APPLICATION)["min"] == 1
        assert rule(sid, "innovation.cooperation", INDUSTRY)["min"] == 10
        assert rule(sid, "innovation.cooperation", APPLICATION)["min"] == 3
        assert rule(sid, "innovation.rnd_share", INDUSTRY)["min"] == 20
        assert rule(sid, "industry.integration_share", APPLICATION)["min"] == 30
        assert rule(sid, "innovation.it_share", APPLICATION)["min"] == 30
        assert rule(sid, "industry.internet_firms", APPLICATION)["min"] == 3
        assert [r["min"] for r in rule(sid, "industry.backbone", INDUSTRY)["rules"]] == [3, 10]
        assert rule(sid, "services.platforms", INDUSTRY)["min"] == 3
        assert rule(sid, "services.fibre", APPLICATION)["min"] == 100
    assert rule("gd-2016", "policy.funding_ratio", INDUSTRY)["min"] == "1:1"
    assert rule("gd-2017", "policy.funding_ratio", INDUSTRY)["min"] == "1:1:1"
    assert rule("gx-2018", "investment.fixed_assets")["min"] == 10
    assert rule("gx-2018", "investment.featured_share")["min"] == 70
    assert rule("gx-2018", "investment.first_year_share")["min"] == 20
    assert rule("gx-2018", "innovation.rnd_share")["min"] == 20
    assert rule("gx-2018", "innovation.cooperation")["min"] == 10
    assert rule("gx-2018", "policy.funding_ratio")["min"] == "1:1"


def test_stages_in_document_order(schemes):
    assert [s["name"] for s in schemes["gd-2016"]["stages"]] == ["自愿申报", "分批审核", "创建名单", "年度考核", "验收命名"]
    assert [s.get("event") for s in schemes["gx-2018"]["stages"]][-1] == "named"


# --- evaluation -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", ["gd-2016", "gd-2017"])
@pytest.mark.parametrize("town_type", [INDUSTRY, APPLICATION])
def test_full_town_meets_every_criterion(schemes, scheme_id, town_type):
    results = evaluate(schemes[scheme_id], full_gd_town(), town_type)
    assert {r["id"]: r["result"] for r in results if r["result"] != "met"} == {}
    assert set(GD_REQUIRED[town_type]) <= {r["id"] for r in results}
    assert summarize(results) == {"met": len(results), "unmet": 0, "unknown": 0, "total": len(results)}
    for r in results:
        assert set(r) == {"id", "group", "label", "label_en", "result", "value", "value_basis", "requirement", "clause"}
        assert r["clause"]["policy"] == schemes[scheme_id]["policy"]


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_empty_record_is_unknown_never_unmet(schemes, scheme_id):
    scheme = schemes[scheme_id]
    for town_type in (scheme.get("town_types") or [None]) + [None]:
        results = evaluate(scheme, {"name": "空", "city": "广州市"}, town_type)
        assert results
        assert all(r["result"] == "unknown" and r["value"] is None and r["value_basis"] is None for r in results)
        assert summarize(results)["unknown"] == len(results)


def test_every_guangdong_criterion_can_fail(schemes):
    failing = full_gd_town(
        city="梅州市",
        mechanism={"leadership": False, "management_body": True, "service_team": False},
        space={"boundary_defined": False, "planned_area_mu": 150, "core_area_mu": 90},
        enterprises={"internet_firms": 2, "internet_firms_over_200m": 1, "internet_firms_over_30m": 5, "rnd_firms": 0,
                     "traditional_firms": 100, "traditional_integrated": 10, "it_share": 5},
        platforms=[], platform_count=0, service_platform_count=2, cooperation={"firms": 1}, application_projects=[],
        infrastructure={"fibre_mbps": 50, "mobile_4g_full": False, "wlan_full": False},
        funding={"plan_issued": False, "committed_ratio": "1:0.5"},
    )
    for sid in ("gd-2016", "gd-2017"):
        for town_type in (INDUSTRY, APPLICATION):
            res = by_id(evaluate(schemes[sid], failing, town_type))
            not_unmet = {k: v["result"] for k, v in res.items() if v["result"] != "unmet"}
            # application projects are only ever listed, so a record cannot prove there are none
            assert not_unmet == {"application.projects": "unknown"}, (sid, town_type)


# Regions


def test_region_of(schemes):
    gd = schemes["gd-2016"]
    assert region_of(gd, "广州市") == "珠三角"
    assert region_of(gd, "肇庆") == "珠三角"
    assert region_of(gd, "湛江市") == "粤东西北"
    assert region_of(gd, None) is None
    assert region_of(gd, "南宁市") is None
    assert region_of(schemes["gx-2018"], "南宁市") is None


@pytest.mark.parametrize("scheme_id", ["gd-2016", "gd-2017"])
def test_application_area_depends_on_region(schemes, scheme_id):
    scheme = schemes[scheme_id]
    prd = result_of(scheme, {"city": "佛山市", "space": {"planned_area_mu": 250}}, APPLICATION, "space.planned_area")
    ewn = result_of(scheme, {"city": "清远市", "space": {"planned_area_mu": 250}}, APPLICATION, "space.planned_area")
    assert (prd["result"], prd["requirement"]) == ("unmet", "≥ 300 亩 (珠三角)")
    assert (ewn["result"], ewn["requirement"]) == ("met", "≥ 200 亩 (粤东西北)")
    assert prd["value"] == ewn["value"] == 250
    core = result_of(scheme, {"city": "清远市", "space": {"core_area_mu": 120}}, APPLICATION, "space.core_area")
    assert core["result"] == "met"
    core = result_of(scheme, {"city": "东莞市", "space": {"core_area_mu": 120}}, APPLICATION, "space.core_area")
    assert core["result"] == "unmet"
    # the industry type has one threshold everywhere
    assert result_of(scheme, {"city": "清远市", "space": {"planned_area_mu": 250}}, INDUSTRY, "space.planned_area")["result"] == "unmet"


def test_unknown_region_gives_a_result_only_when_all_regions_agree(schemes):
    gd = schemes["gd-2016"]
    for town, expected in [({"space": {"planned_area_mu": 250}}, "unknown"),
                           ({"space": {"planned_area_mu": 350}}, "met"),
                           ({"space": {"planned_area_mu": 150}}, "unmet"),
                           ({"city": "南宁市", "space": {"planned_area_mu": 250}}, "unknown")]:
        r = result_of(gd, town, APPLICATION, "space.planned_area")
        assert r["result"] == expected
        assert "珠三角" in r["requirement"] and "粤东西北" in r["requirement"]


# Editions: the funding ratio


def test_funding_ratio_by_edition(schemes):
    def ratio(sid, committed):
        town = {"funding": {"committed_ratio": committed}} if committed else {}
        return result_of(schemes[sid], town, INDUSTRY, "policy.funding_ratio")

    assert ratio("gd-2016", "1:1")["result"] == "met"
    assert ratio("gd-2016", "1:2")["result"] == "met"
    assert ratio("gd-2016", "1:0.5")["result"] == "unmet"
    assert ratio("gd-2016", "1:1:1")["result"] == "met"
    assert ratio("gd-2016", "1:1")["requirement"] == "≥ 1:1 (省:市)"
    assert ratio("gd-2017", "1:1:1")["result"] == "met"
    assert ratio("gd-2017", "2:2:3")["result"] == "met"
    assert ratio("gd-2017", "1:1:0.5")["result"] == "unmet"
    assert ratio("gd-2017", "1:0.5")["result"] == "unmet"
    # A province:city commitment says nothing about the district's share: not proven, not failed.
    r = ratio("gd-2017", "1:1")
    assert (r["result"], r["value"], r["requirement"]) == ("unknown", "1:1", "≥ 1:1:1 (省:市:区)")
    assert ratio("gd-2017", None)["result"] == "unknown"


def test_editions_differ_in_wording(schemes):
    def clause(sid, cid, t):
        return next(c["clause"]["text"] for c in schemes[sid]["criteria"] if c["id"] == cid and t in c["applies_to"])
    assert "传统企业" in clause("gd-2016", "innovation.it_share", APPLICATION)
    assert "传统企业" not in clause("gd-2017", "innovation.it_share", APPLICATION)
    assert "基本实现全覆盖" in clause("gd-2017", "services.wlan", INDUSTRY)


# Shares


@pytest.mark.parametrize("scheme_id", ["gd-2016", "gd-2017"])
def test_share_stated_wins_over_computed(schemes, scheme_id):
    scheme = schemes[scheme_id]
    stated = {"enterprises": {"rnd_share": 25, "rnd_firms": 1, "internet_firms": 50}}
    r = result_of(scheme, stated, INDUSTRY, "innovation.rnd_share")
    assert (r["result"], r["value"], r["value_basis"], r["requirement"]) == ("met", 25, "stated", "≥ 20 %")
    computed = {"enterprises": {"rnd_firms": 9, "internet_firms": 50}}
    r = result_of(scheme, computed, INDUSTRY, "innovation.rnd_share")
    assert (r["result"], r["value"], r["value_basis"]) == ("unmet", 18.0, "computed")
    computed = {"enterprises": {"rnd_firms": {"value": 10, "qualifier": "以上"}, "internet_firms": 50}}
    assert result_of(scheme, computed, INDUSTRY, "innovation.rnd_share")["value_basis"] == "computed"
    # half a ratio is not enough; a zero denominator cannot be divided
    for partial in ({"enterprises": {"rnd_firms": 9}}, {"enterprises": {"rnd_firms": 0, "internet_firms": 0}}):
        assert result_of(scheme, partial, INDUSTRY, "innovation.rnd_share")["result"] == "unknown"


def test_integration_share_computed_from_traditional_firms(schemes):
    town = {"enterprises": {"traditional_firms": 40, "traditional_integrated": 12}}
    r = result_of(schemes["gd-2016"], town, APPLICATION, "industry.integration_share")
    assert (r["result"], r["value"], r["value_basis"]) == ("met", 30.0, "computed")


def test_it_share_2017_needs_a_stated_share(schemes):
    town = {"enterprises": {"traditional_firms": 10, "traditional_it_dept": 5}}
    assert result_of(schemes["gd-2016"], town, APPLICATION, "innovation.it_share")["result"] == "met"
    assert result_of(schemes["gd-2017"], town, APPLICATION, "innovation.it_share")["result"] == "unknown"


# any_of: the backbone firms


@pytest.mark.parametrize("scheme_id", ["gd-2016", "gd-2017"])
def test_backbone_any_of(schemes, scheme_id):
    scheme = schemes[scheme_id]

    def backbone(**enterprises):
        return result_of(scheme, {"enterprises": enterprises}, INDUSTRY, "industry.backbone")

    first = backbone(internet_firms_over_200m=3)
    assert (first["result"], first["value"]) == ("met", 3)
    second = backbone(internet_firms_over_200m=1, internet_firms_over_30m={"value": 12, "qualifier": "以上"})
    assert (second["result"], second["value"]) == ("met", 12)
    assert backbone(internet_firms_over_200m=2, internet_firms_over_30m=9)["result"] == "unmet"
    undecided = backbone(internet_firms_over_200m=2)
    assert (undecided["result"], undecided["value"]) == ("unknown", 2)
    assert backbone()["result"] == "unknown"
    assert "2亿元" in first["requirement"] and "3000万元" in first["requirement"]
    assert result_of(scheme, {}, APPLICATION, "industry.internet_firms")["result"] == "unknown"
    assert "industry.backbone" not in by_id(evaluate(scheme, {}, APPLICATION))


# count: platforms and cooperation


def test_innovation_platforms_count_by_kind(schemes):
    gd = schemes["gd-2016"]
    three = [{"name": "A", "kind": "众创空间"}, {"name": "B", "kind": "创业咖啡"}, {"name": "C", "kind": "孵化器"},
             {"name": "D", "kind": "创投基金"}]
    r = result_of(gd, {"platforms": three}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"], r["value_basis"], r["requirement"]) == ("met", 3, "computed", "≥ 3 个")
    # a short list is a lower bound, not proof of failure
    r = result_of(gd, {"platforms": three[:2] + three[3:]}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"]) == ("unknown", 2)
    # a stated count is authoritative
    r = result_of(gd, {"platforms": three[:1], "platform_count": 2}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"], r["value_basis"]) == ("unmet", 2, "stated")
    assert result_of(gd, {"platforms": three[:1]}, APPLICATION, "innovation.platforms")["result"] == "met"
    # the fund is a service platform, not an innovation platform
    r = result_of(gd, {"platforms": three}, INDUSTRY, "services.platforms")
    assert (r["result"], r["value"]) == ("unknown", 1)
    r = result_of(gd, {"service_platform_count": {"value": 5, "qualifier": "约"}}, INDUSTRY, "services.platforms")
    assert (r["result"], r["value"]) == ("met", 5)


def test_cooperation_counts_distinct_firms(schemes):
    gd = schemes["gd-2017"]
    partners = [{"firm": "甲", "partner": "中山大学"}, {"firm": "甲", "partner": "华南理工大学"},
                {"firm": "乙", "partner": "暨南大学"}, {"firm": "丙", "partner": "腾讯"}]
    r = result_of(gd, {"cooperation": {"partners": partners}}, APPLICATION, "innovation.cooperation")
    assert (r["result"], r["value"], r["value_basis"]) == ("met", 3, "computed")
    r = result_of(gd, {"cooperation": {"partners": partners}}, INDUSTRY, "innovation.cooperation")
    assert (r["result"], r["value"]) == ("unknown", 3)
    r = result_of(gd, {"cooperation": {"firms": 9, "partners": partners}}, INDUSTRY, "innovation.cooperation")
    assert (r["result"], r["value"], r["value_basis"]) == ("unmet", 9, "stated")


def test_booleans_and_fibre(schemes):
    gd = schemes["gd-2016"]
    town = {"infrastructure": {"fibre_mbps": 100, "mobile_4g_full": True, "wlan_full": False}}
    res = by_id(evaluate(gd, town, APPLICATION))
    assert res["services.fibre"]["result"] == "met"
    assert res["services.mobile_4g"]["result"] == "met"
    assert (res["services.wlan"]["result"], res["services.wlan"]["value"]) == ("unmet", False)
    mgmt = result_of(gd, {"mechanism": {"management_body": True}}, INDUSTRY, "mechanism.management")
    assert mgmt["result"] == "unknown"
    mgmt = result_of(gd, {"mechanism": {"management_body": True, "service_team": False}}, INDUSTRY, "mechanism.management")
    assert mgmt["result"] == "unmet"


# Unknown town type


def test_unknown_type_evaluates_common_criteria_only(schemes):
    gd = schemes["gd-2016"]
    results = by_id(evaluate(gd, full_gd_town(), None))
    assert set(results) == set(GD_COMMON) | {"policy.plan"}
    assert results["mechanism.leadership"]["result"] == "met"
    assert results["innovation.platforms"]["result"] == "met"  # 3 platforms meet both ≥ 3 and ≥ 1
    two = full_gd_town(platforms=[{"name": "A", "kind": "众创空间"}], platform_count=2)
    r = by_id(evaluate(gd, two, None))["innovation.platforms"]
    assert r["result"] == "unknown"  # ≥ 1 for 应用型, < 3 for 产业型
    assert r["requirement"] == "≥ 3 个 (产业型) / ≥ 1 个 (应用型)"
    assert r["value"] == 2


def test_bad_town_type_is_an_error(schemes):
    with pytest.raises(ValueError, match="综合型"):
        evaluate(schemes["gd-2016"], {}, "综合型")


def test_real_record_tianhe(schemes):
    """天河 names three start-up platforms of its own (the listed unit is the district), so the
    platform criterion is met whatever its type; nothing else is stated."""
    town = yaml.safe_load((ROOT / "towns" / "gd" / "tianhe.yml").read_text(encoding="utf-8"))
    designation = town["designations"][0]
    facts = town | designation.get("facts", {})
    results = by_id(evaluate(schemes["gd-2016"], facts, designation.get("town_type")))
    assert results["innovation.platforms"]["result"] == "met"
    assert results["innovation.platforms"]["value_basis"] == "computed"
    assert {k for k, r in results.items() if r["result"] != "unknown"} == {"innovation.platforms"}


# Guangxi


def test_guangxi(schemes):
    gx = schemes["gx-2018"]
    town = {
        "city": "柳州市",
        "mechanism": {"leadership": True},
        "investment": {"fixed_assets_3y_yi": {"value": 12, "qualifier": "以上"}, "featured_share": 75, "first_year_share": 15},
        "enterprises": {"above_scale_firms": 40, "above_scale_rnd_firms": 10},
        "cooperation": {"firms": 10},
        "funding": {"committed_ratio": "1:1"},
    }
    res = by_id(evaluate(gx, town, None))
    assert set(res) == set(GX_REQUIRED)
    assert {k: v["result"] for k, v in res.items()} == {
        "mechanism.leadership": "met",
        "investment.fixed_assets": "met",
        "investment.featured_share": "met",
        "investment.first_year_share": "unmet",
        "innovation.rnd_share": "met",
        "innovation.cooperation": "met",
        "policy.funding_ratio": "met",
    }
    assert (res["innovation.rnd_share"]["value"], res["innovation.rnd_share"]["value_basis"]) == (25.0, "computed")
    assert res["investment.fixed_assets"]["requirement"] == "≥ 10 亿元"
    assert res["policy.funding_ratio"]["requirement"] == "≥ 1:1 (自治区:市)"
    assert res["investment.fixed_assets"]["clause"]["anchor"] == "standards-investment"
    low = by_id(evaluate(gx, {"investment": {"fixed_assets_3y_yi": 8}, "funding": {"committed_ratio": "1:0.8"}}, None))
    assert low["investment.fixed_assets"]["result"] == "unmet"
    assert low["policy.funding_ratio"]["result"] == "unmet"
    assert low["investment.featured_share"]["result"] == "unknown"


def test_nearly_is_below_its_value():
    """近300亩 is just under 300: unmet against ≥ 300, unknown against ≥ 200 (never a guess)."""
    scheme = yaml.safe_load((Path(__file__).resolve().parents[1] / "policies/schemes/gd-2016.yml").read_text(encoding="utf-8"))
    town = {"city": "广州市", "space": {"planned_area_mu": {"value": 300, "qualifier": "近"}}}
    area = next(r for r in evaluate(scheme, town, "应用型") if r["id"] == "space.planned_area")
    assert area["result"] == "unmet"
    town["city"] = "梅州市"
    area = next(r for r in evaluate(scheme, town, "应用型") if r["id"] == "space.planned_area")
    assert area["result"] == "unknown"


# Facts as sources state them: amounts, listed backbone firms, complete lists, wider scope


def test_guangxi_shares_computed_from_amounts(schemes):
    gx = schemes["gx-2018"]

    def shares(**investment):
        res = by_id(evaluate(gx, {"investment": investment}, None))
        return res["investment.featured_share"], res["investment.first_year_share"]

    featured, first = shares(fixed_assets_3y_yi=12, featured_yi=9, first_year_yi=2)
    assert (featured["result"], featured["value"], featured["value_basis"]) == ("met", 75.0, "computed")
    assert (first["result"], first["value"], first["value_basis"]) == ("unmet", 16.7, "computed")
    # a stated share wins over the amounts
    featured, _ = shares(fixed_assets_3y_yi=12, featured_yi=9, featured_share=60)
    assert (featured["result"], featured["value"], featured["value_basis"]) == ("unmet", 60, "stated")
    # an amount without the total proves nothing
    featured, first = shares(featured_yi=9, first_year_yi={"value": 3, "qualifier": "以上"})
    assert featured["result"] == first["result"] == "unknown"


def test_qualified_amounts_bound_the_share(schemes):
    gx = schemes["gx-2018"]

    def featured(part, whole):
        inv = {"featured_yi": part, "fixed_assets_3y_yi": whole}
        return result_of(gx, {"investment": inv}, None, "investment.featured_share")["result"]

    more = lambda v: {"value": v, "qualifier": "以上"}  # noqa: E731
    nearly = lambda v: {"value": v, "qualifier": "近"}  # noqa: E731
    # more than 8 of 10: at least 80 % — met; more than 6 of 10 could still reach 70 %
    assert featured(more(8), 10) == "met"
    assert featured(more(6), 10) == "unknown"
    # 6 of more than 10: under 60 % — unmet; 8 of more than 10 might fall below 70 %
    assert featured(6, more(10)) == "unmet"
    assert featured(8, more(10)) == "unknown"
    # nearly 8 of 10 is under 80 % but could still be over 70 %; nearly 6 of 10 is under 60 %
    assert featured(nearly(8), 10) == "unknown"
    assert featured(nearly(6), 10) == "unmet"
    assert featured({"value": 8, "qualifier": "约"}, 10) == "met"


@pytest.mark.parametrize("scheme_id", ["gd-2016", "gd-2017"])
def test_backbone_counts_listed_firms_by_output(schemes, scheme_id):
    scheme = schemes[scheme_id]

    def backbone(firms, **stated):
        return result_of(scheme, {"enterprises": {"backbone": firms, **stated}}, INDUSTRY, "industry.backbone")

    big = [{"name": f"大{i}", "annual_output_wan": 25000} for i in range(3)]
    r = backbone(big)
    assert (r["result"], r["value"], r["value_basis"]) == ("met", 3, "computed")
    # 2亿 exactly reaches the threshold; a firm without its output is not counted
    r = backbone(big[:2] + [{"name": "整2亿", "annual_output_wan": 20000}, {"name": "无产值"}])
    assert (r["result"], r["value"]) == ("met", 3)
    # ten firms of 3000万 or more meet the second branch
    mid = [{"name": f"中{i}", "annual_output_wan": 3000 + i} for i in range(10)]
    r = backbone(mid)
    assert (r["result"], r["value"]) == ("met", 10)
    # a short list proves nothing either way
    r = backbone(big[:2] + mid[:5])
    assert (r["result"], r["value"]) == ("unknown", 2)
    assert backbone([{"name": "小", "annual_output_wan": 100}])["result"] == "unknown"
    # stated counts still decide when they are at least the listed ones
    r = backbone(big[:1], internet_firms_over_200m=1, internet_firms_over_30m=4)
    assert r["result"] == "unmet"
    # a firm described as belonging to a wider area does not count for the town
    wider = [dict(f, scope="wider", scope_note="天河区") for f in big]
    assert backbone(wider)["result"] == "unknown"


def test_platform_list_is_a_lower_bound_unless_complete(schemes):
    gd = schemes["gd-2016"]
    two = [{"name": "A", "kind": "众创空间"}, {"name": "B", "kind": "孵化器"}]
    r = result_of(gd, {"platforms": two}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"]) == ("unknown", 2)
    r = result_of(gd, {"platforms": two, "platforms_complete": True}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"], r["value_basis"]) == ("unmet", 2, "computed")
    r = result_of(gd, {"platforms": two, "platforms_complete": False}, INDUSTRY, "innovation.platforms")
    assert r["result"] == "unknown"
    # complete and long enough: met; complete and empty: none at all
    three = two + [{"name": "C", "kind": "创业咖啡"}]
    assert result_of(gd, {"platforms": three, "platforms_complete": True}, INDUSTRY, "innovation.platforms")["result"] == "met"
    r = result_of(gd, {"platforms_complete": True}, APPLICATION, "services.platforms")
    assert (r["result"], r["value"]) == ("unmet", 0)
    # a stated count larger than the list still wins
    r = result_of(gd, {"platforms": two, "platforms_complete": True, "platform_count": 4}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"], r["value_basis"]) == ("met", 4, "stated")


def test_wider_scope_never_checks_a_town_criterion(schemes):
    gd, gx = schemes["gd-2016"], schemes["gx-2018"]
    district = {"scope": "wider", "scope_note": "柳东新区"}
    platforms = [{"name": n, "kind": "孵化器", **district} for n in "ABC"]
    r = result_of(gd, {"platforms": platforms}, INDUSTRY, "innovation.platforms")
    assert (r["result"], r["value"]) == ("unknown", None)
    mixed = platforms + [{"name": "D", "kind": "众创空间", "scope": "town"}]
    r = result_of(gd, {"platforms": mixed}, APPLICATION, "innovation.platforms")
    assert (r["result"], r["value"]) == ("met", 1)
    r = result_of(gd, {"platform_count": {"value": 77, **district}}, INDUSTRY, "innovation.platforms")
    assert r["result"] == "unknown"
    r = result_of(gd, {"space": {"planned_area_mu": {"value": 30000, **district}}}, INDUSTRY, "space.planned_area")
    assert r["result"] == "unknown"
    r = result_of(gx, {"investment": {"fixed_assets_3y_yi": {"value": 235, **district}}}, None, "investment.fixed_assets")
    assert r["result"] == "unknown"
    inv = {"fixed_assets_3y_yi": {"value": 20, **district}, "featured_yi": 18}
    assert result_of(gx, {"investment": inv}, None, "investment.featured_share")["result"] == "unknown"
    ent = {"above_scale_firms": {"value": 39, **district}, "above_scale_rnd_firms": 20}
    assert result_of(gx, {"enterprises": ent}, None, "innovation.rnd_share")["result"] == "unknown"
    # the same figures as the town's own do check it
    own = {"fixed_assets_3y_yi": {"value": 20, "scope": "town"}, "featured_yi": 18}
    assert result_of(gx, {"investment": own}, None, "investment.featured_share")["result"] == "met"


def test_designation_facts_supply_the_amounts(schemes):
    """Criteria read the place merged with the designation's facts (as catalog does)."""
    place = {"investment": {"fixed_assets_3y_yi": 30}}
    facts = merged_facts(place, {"investment": {"fixed_assets_3y_yi": 12, "featured_yi": 10, "first_year_yi": 3}})
    res = by_id(evaluate(schemes["gx-2018"], facts, None))
    assert res["investment.fixed_assets"]["value"] == 12
    assert (res["investment.featured_share"]["result"], res["investment.featured_share"]["value"]) == ("met", 83.3)
    assert (res["investment.first_year_share"]["result"], res["investment.first_year_share"]["value"]) == ("met", 25.0)


# --- issue 20: exact comparisons, facts merged field by field ----------------------------


@pytest.mark.parametrize("part, whole, expected", [
    (69.958, 100, "unmet"),  # 69.958 % is not 不低于70%, though it shows as about 70
    (70, 100, "met"),
    (0.7, 1, "met"),  # 0.7 of 1 is exactly 70 %, whatever binary floating point makes of it
    (7, 10.000001, "unmet"),
    (69.99999, 100, "unmet"),
])
def test_a_share_is_compared_exactly_not_after_rounding(schemes, part, whole, expected):
    inv = {"fixed_assets_3y_yi": whole, "featured_yi": part}
    r = result_of(schemes["gx-2018"], {"investment": inv}, None, "investment.featured_share")
    assert r["result"] == expected, r
    # the value shown never contradicts the verdict: an unmet share never shows as the threshold
    assert (r["value"] >= 70) == (expected == "met"), r


def test_1999_of_10000_firms_is_not_20_percent(schemes):
    ent = {"above_scale_firms": 10000, "above_scale_rnd_firms": 1999}
    r = result_of(schemes["gx-2018"], {"enterprises": ent}, None, "innovation.rnd_share")
    assert (r["result"], r["value_basis"]) == ("unmet", "computed"), r
    assert r["value"] < 20
    ent["above_scale_rnd_firms"] = 2000
    assert result_of(schemes["gx-2018"], {"enterprises": ent}, None, "innovation.rnd_share")["result"] == "met"


def _one_rule_scheme(rule: dict) -> dict:
    return {"id": "x", "criteria": [{"id": "c", "group": "g", "label": "l", "label_en": "l", "clause": {}, "rule": rule}]}


def test_a_ratio_is_compared_exactly():
    scheme = _one_rule_scheme({"kind": "ratio", "field": "funding.committed_ratio", "min": "1:0.1", "parties": ["省", "市"]})
    # 3 : 0.3 is exactly 1 : 0.1; float division makes 0.3 / 3 a hair less than 0.1
    assert evaluate(scheme, {"funding": {"committed_ratio": "3:0.3"}}, None)[0]["result"] == "met"
    assert evaluate(scheme, {"funding": {"committed_ratio": "3:0.29"}}, None)[0]["result"] == "unmet"



def test_a_designations_facts_merge_field_by_field_with_the_places(tmp_path):
    """The schema: a designation's facts hold the figures "where they differ" and the criteria read
    them first. One stated firm count must not drop the place's other firm counts."""
    import shutil

    from generator.records.catalog import load_catalog

    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    (tmp_path / "towns" / "gx").mkdir(parents=True)
    text = (ROOT / "towns" / "gx" / "qiaoxu.yml").read_text(encoding="utf-8")
    text = text.replace("    applicant: 贵港市港南区桥圩镇人民政府\n",
                        "    applicant: 贵港市港南区桥圩镇人民政府\n"
                        "    facts:\n      enterprises:\n        above_scale_rnd_firms: 12\n"
                        "      investment:\n        featured_yi: 8\n", 1)
    text = text.replace("\nenterprises:\n", "\nenterprises:\n  above_scale_rnd_firms: 2\n", 1)
    text = text.replace("\nlead_industry:", "\ninvestment:\n  fixed_assets_3y_yi: 10\n  featured_yi: 1\nlead_industry:", 1)
    (tmp_path / "towns" / "gx" / "qiaoxu.yml").write_text(text, encoding="utf-8")
    cat = load_catalog(tmp_path)
    assert not [p for p in cat.problems if p.file.startswith("towns/")], cat.problems
    des = cat.town("qiaoxu").designation("gx-innovation-town")
    res = {c["id"]: c for c in des.criteria}
    # 12 (the designation's) of 50以上 (the place's): a share with a lower-bounded whole is an upper
    # bound, so 24 % ≥ 20 % is not proven, but it is read (computed), not unknown for want of a figure
    assert res["innovation.rnd_share"]["value_basis"] == "computed", res["innovation.rnd_share"]
    assert res["innovation.rnd_share"]["value"] == 24.0
    # 8 (the designation's) of 10 (the place's) is 80 % ≥ 70 %
    assert (res["investment.featured_share"]["result"], res["investment.featured_share"]["value"]) == ("met", 80.0)
    # the place's own figures stay the place's
    assert cat.town("qiaoxu").record["investment"]["featured_yi"] == 1


def test_merged_facts_replace_a_figure_whole_and_change_nothing_they_read():
    place = {"name": "甲", "enterprises": {"total": {"value": 150, "qualifier": "以上", "scope": "wider"}, "rnd_firms": 3},
             "cooperation": {"firms": 2, "partners": [{"firm": "甲"}]}}
    facts = {"enterprises": {"total": 90}, "cooperation": {"partners": [{"firm": "乙"}, {"firm": "丙"}]},
             "platform_count": {"value": 4, "qualifier": "以上"}}
    before = copy.deepcopy((place, facts))
    merged = merged_facts(place, facts)
    assert merged == {"name": "甲", "enterprises": {"total": 90, "rnd_firms": 3},  # no 'scope: wider' left over from the place
                      "cooperation": {"firms": 2, "partners": [{"firm": "乙"}, {"firm": "丙"}]},
                      "platform_count": {"value": 4, "qualifier": "以上"}}
    assert (place, facts) == before
