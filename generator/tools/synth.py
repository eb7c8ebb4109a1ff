"""Synthetic build roots for tests and benchmarks: obviously fake towns, real policies.

`make_root(dest, n, seed)` writes a complete, self-contained root under `dest`:

* the repository's `policies/` (programmes, schemes, policy pages) copied as they are,
  with the real lists replaced by synthetic lists naming only synthetic towns;
* `mkdocs.yml` (site_url kept), `docs/` and `overrides/` copied, `node_modules` linked,
  so `mkdocs build -f <dest>/mkdocs.yml` builds the synthetic site;
* `towns/<province>/syn-NNNNN.yml`: N towns named 合成小镇… / "SYN-…", spread over real
  province folders, real division codes (from the gazetteer), every programme, batch,
  town type and platform kind, with and without location or division code, and with
  assessments, namings and withdrawals after their listing.

Nothing is written to the repository's own `towns/`. The root validates with zero problems.
"""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import yaml

from generator.derive import gazetteer
from generator.derive.geo import in_mainland_china
from generator.records.migrate import to_designations

REPO = Path(__file__).resolve().parents[2]
PREFIX = "合成小镇"
SLUG_PREFIX = "syn-"

_SCHEMA = json.loads((REPO / "generator" / "schema" / "town.schema.json").read_text(encoding="utf-8"))
PLATFORM_KINDS: list[str] = _SCHEMA["$defs"]["platform_kind"]["enum"]
GRADES = ["优秀", "良好", "合格", "不合格"]
INDUSTRIES = ["电子商务", "智能制造", "生物医药", "软件和信息服务", "文化创意", "跨境电商", "大数据", "物联网", "智慧农业"]


class _Dumper(yaml.SafeDumper):
    pass


def _dump(data) -> str:
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", _Dumper), allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1000)


def slug_of(i: int) -> str:
    return f"{SLUG_PREFIX}{i:05d}"


def name_of(i: int) -> str:
    return f"{PREFIX}{i:05d}号 SYN-{i:05d}"


def _provinces() -> dict[str, dict]:
    return json.loads((REPO / "generator" / "provinces.json").read_text(encoding="utf-8"))


def _divisions_by_prefix() -> dict[str, dict[str, list]]:
    """prefix -> {"county": [Division with a point], "city": [...], "nopoint": [...]}."""
    out: dict[str, dict[str, list]] = {}
    for code, div in sorted(gazetteer.divisions().items()):
        if div.level == "province":
            continue
        bucket = out.setdefault(code[:2], {"county": [], "city": [], "nopoint": []})
        if div.lon is None:
            bucket["nopoint"].append(div)
        else:
            bucket[div.level].append(div)
    return out


def _load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8-sig"))


def _copy_frame(dest: Path, repo: Path) -> None:
    """policies/ (without lists), mkdocs.yml, docs/, overrides/, node_modules link."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(repo / "policies", dest / "policies", ignore=shutil.ignore_patterns("lists"), dirs_exist_ok=True)
    (dest / "policies" / "lists").mkdir(parents=True, exist_ok=True)
    for sub in ("programmes", "schemes"):
        (dest / "policies" / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, dest / folder, dirs_exist_ok=True)
    nm = dest / "node_modules"
    if (repo / "node_modules").is_dir() and not nm.exists():
        try:
            os.symlink(repo / "node_modules", nm, target_is_directory=True)
        except OSError:
            pass


def make_root(dest: Path, n: int, seed: int = 0, repo: Path = REPO) -> Path:
    """Write a synthetic root with `n` towns under `dest` and return `dest`."""
    dest = Path(dest)
    if dest.resolve() == Path(repo).resolve() or (dest / "towns").resolve() == (Path(repo) / "towns").resolve():
        raise ValueError("make_root never writes into the repository's own towns/")
    rng = random.Random(seed)
    _copy_frame(dest, Path(repo))
    programmes = {p.stem: _load_yaml(p) for p in sorted((dest / "policies" / "programmes").glob("*.yml"))}
    provinces = _provinces()
    by_name = {v["name"]: k for k, v in provinces.items()}
    divisions = _divisions_by_prefix()
    usable = [code for code, p in sorted(provinces.items())
              if divisions.get(p["adcode_prefix"], {}).get("county") or divisions.get(p["adcode_prefix"], {}).get("city")]
    # programme -> allowed province folders (a provincial programme stays in its province)
    prog_provinces = {}
    for pid, prog in programmes.items():
        folder = by_name.get(prog.get("province", ""))
        prog_provinces[pid] = [folder] if folder in usable else usable
    prog_ids = sorted(programmes)

    # one listing list per (programme, batch), dated in the batch year; one naming list per programme
    def list_date(prog: dict, batch: dict) -> str:
        year = batch.get("year") or 2017
        return f"{year}-{3 + batch['batch'] % 9:02d}-{10 + batch['batch'] % 18:02d}"

    lists: dict[str, dict] = {}
    for pid in prog_ids:
        prog = programmes[pid]
        for b in prog["batches"]:
            lid = f"syn-{pid}-b{b['batch']}"
            lists[lid] = {"id": lid, "programme": pid, "batch": b["batch"],
                          "title": f"合成名单 SYN list {pid} 第{b['batch']}批", "issuer": "合成发布机关 SYN issuer",
                          "date": list_date(prog, b), "kind": "listing",
                          "source": f"https://example.org/syn/lists/{lid}", "members": []}
    naming: dict[str, dict] = {}
    for pid in prog_ids:
        b = programmes[pid]["batches"][0]
        lid = f"syn-{pid}-named"
        naming[pid] = {"id": lid, "programme": pid, "batch": b["batch"],
                       "title": f"合成命名名单 SYN naming {pid}", "issuer": "合成发布机关 SYN issuer",
                       "date": "2021-12-20", "kind": "naming", "source": f"https://example.org/syn/lists/{lid}",
                       "members": []}

    towns_dir = dest / "towns"
    for i in range(1, n + 1):
        pid = prog_ids[i % len(prog_ids)] if i % 3 else "cn-iur-demo-town" if "cn-iur-demo-town" in programmes else prog_ids[0]
        prog = programmes[pid]
        folder = rng.choice(prog_provinces[pid])
        prefix = provinces[folder]["adcode_prefix"]
        batch = prog["batches"][(i // 3) % len(prog["batches"])]
        slug = slug_of(i)
        rec: dict = {"slug": slug, "name": name_of(i)}
        if i % 4 == 0:
            rec["name_en"] = f"SYN Town {i:05d}"
        rec["province"] = provinces[folder]["name"]
        kind = i % 10  # 0: neither location nor adcode; 1-2: adcode only; 3: adcode without a point; else: location
        bucket = divisions[prefix]
        div = None
        if kind == 3 and bucket["nopoint"]:
            div = rng.choice(bucket["nopoint"])
        elif kind != 0:
            pool = bucket["county"] or bucket["city"]
            if i % 7 == 0 and bucket["city"]:
                pool = bucket["city"]
            div = rng.choice(pool)
        if div is not None:
            city = gazetteer.city_of(div.adcode)
            if city and city.adcode != div.adcode:
                rec["city"] = city.name
                rec["county"] = div.name
            else:
                rec["city"] = div.name
            rec["adcode"] = div.adcode
        rec["programme"] = pid
        types = prog.get("town_types") or []
        if types and i % 5:
            rec["town_type"] = types[i % len(types)]
        rec["batch"] = batch["batch"]
        if i % 6:
            rec["applicant"] = f"合成管委会 SYN-{i:05d} management committee"
        if i % 2:
            rec["lead_industry"] = INDUSTRIES[i % len(INDUSTRIES)]
            rec["linked_industries"] = [INDUSTRIES[(i + k) % len(INDUSTRIES)] for k in (1, 2)]
        if i % 3 != 2:
            planned = round(rng.uniform(300, 9000), 1)
            rec["space"] = {"boundary_defined": bool(i % 2),
                            "planned_area_mu": planned if i % 4 else {"value": planned, "qualifier": "约", "year": 2016},
                            "core_area_mu": round(planned / 4, 1)}
        if i % 4 == 1:
            rec["economy"] = {"internet_output_wan": rng.randint(1000, 900000), "internet_output_share": round(rng.uniform(1, 60), 1)}
            rec["enterprises"] = {"total": rng.randint(50, 3000), "internet_firms": rng.randint(10, 400),
                                  "high_tech_firms": rng.randint(0, 60)}
        if i % 3 == 0 or i % 11 == 1:
            count = 1 + i % 4
            rec["platforms"] = [
                {"name": f"合成平台 SYN-{i:05d}-{k}", "kind": PLATFORM_KINDS[(i + k) % len(PLATFORM_KINDS)],
                 **({"url": f"https://example.org/syn/{slug}/p{k}"} if k % 2 == 0 else {}),
                 **({"note": "合成说明 synthetic note"} if k == 1 else {})}
                for k in range(count)]
        if i % 8 == 5:
            rec["infrastructure"] = {"fibre_mbps": 1000, "mobile_4g_full": True, "wlan_full": bool(i % 2)}
            rec["funding"] = {"plan_issued": True, "committed_ratio": "1:1"}
        if kind >= 4 and div is not None:
            if i % 9 == 4:
                rec["location"] = {"lon": round(div.lon + rng.uniform(-0.02, 0.02), 6),
                                   "lat": round(div.lat + rng.uniform(-0.02, 0.02), 6),
                                   "datum": "gcj02", "precision": "exact", "basis": "合成坐标 synthetic point"}
            elif i % 9 == 5:
                rec["location"] = {"lon": round(div.lon, 6), "lat": round(div.lat, 6), "datum": "wgs84",
                                   "precision": "county"}
            else:
                rec["location"] = {"lon": round(div.lon + rng.uniform(-0.01, 0.01), 6),
                                   "lat": round(div.lat + rng.uniform(-0.01, 0.01), 6), "datum": "gcj02",
                                   "precision": "exact" if i % 2 else div.level if div.level in ("county", "city") else "county"}
        loc = rec.get("location")
        if loc and loc["datum"] == "gcj02" and not in_mainland_china(loc["lon"], loc["lat"]):
            loc["datum"] = "wgs84"  # a coastal point jittered into the sea: GCJ-02 applies on the mainland only
        # events after the listing date
        listing = lists[f"syn-{pid}-b{batch['batch']}"]
        year = int(listing["date"][:4])
        on_naming_list = i % 13 == 0 and batch["batch"] == naming[pid]["batch"]
        events = []
        fate = i % 7
        if fate in (1, 2, 3, 4):
            events.append({"type": "assessed", "date": f"{year + 1}-03-15", "year": year, "grade": GRADES[i % 4],
                           "source": f"https://example.org/syn/{slug}/assessed"})
        if fate == 2 and not on_naming_list:
            events.append({"type": "named", "date": f"{year + 2}-11-20", "document": "合成文件 SYN-doc",
                           "source": f"https://example.org/syn/{slug}/named"})
        if fate == 3 and not on_naming_list:
            events.append({"type": "withdrawn", "date": f"{year + 2}-06-30", "note": "合成退出 synthetic withdrawal",
                           "source": f"https://example.org/syn/{slug}/withdrawn"})
        if events:
            rec["events"] = events
        if i % 5 == 2:
            rec["highlights"] = [{"text": f"合成事实 SYN-{i:05d}：规划面积约{i % 50 + 1}平方公里。",
                                  "source": f"https://example.org/syn/{slug}/h"}]
        if i % 6 == 3:
            rec["notes"] = ["合成记录，仅用于测试。Synthetic record for tests only."]
        rec["sources"] = [{"url": f"https://example.org/syn/{slug}", "title": f"合成来源 SYN source {i:05d}",
                           "date": listing["date"]}]
        rec = to_designations(rec)
        # every 17th place is also on the national list: one place, two designations
        second = "cn-iur-demo-town" if i % 17 == 0 and pid != "cn-iur-demo-town" and "cn-iur-demo-town" in programmes else None
        if second:
            b2 = programmes[second]["batches"][0]["batch"]
            rec["designations"].append({"programme": second, "batch": b2})
            lists[f"syn-{second}-b{b2}"]["members"].append({"town": slug, "name_as_published": rec["name"], "category": "创建"})
        file = towns_dir / folder / f"{slug}.yml"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("# yaml-language-server: $schema=../../generator/schema/town.schema.json\n"
                        "# 合成记录 synthetic record (generator/tools/synth.py)\n" + _dump(rec), encoding="utf-8")
        category = ("创建", "培育", "试点")[i % 3]
        listing["members"].append({"town": slug, "name_as_published": rec["name"], "category": category})
        if on_naming_list:
            naming[pid]["members"].append({"town": slug, "name_as_published": rec["name"], "category": "示范镇"})

    for lst in [*lists.values(), *naming.values()]:
        if not lst["members"]:
            continue
        (dest / "policies" / "lists" / f"{lst['id']}.yml").write_text(
            "# yaml-language-server: $schema=../../generator/schema/list.schema.json\n" + _dump(lst), encoding="utf-8")
    return dest


def synthetic_towns(root: Path) -> list[dict]:
    """{slug, name, file} of every town record under `root` (read back from the files)."""
    out = []
    for file in sorted((Path(root) / "towns").glob("*/*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        out.append({"slug": data["slug"], "name": data["name"], "file": file.relative_to(root).as_posix(), "record": data})
    return out


if __name__ == "__main__":  # pragma: no cover - manual use: python -m generator.tools.synth DEST N
    import sys

    print(make_root(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 60))
