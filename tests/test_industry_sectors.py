"""The industry vocabulary (generator/industry_sectors.yml) covers every printed lead industry:
a new value fails here with the record's file and line, and what the official should add."""
from __future__ import annotations

from pathlib import Path

import yaml

from generator.outputs import industry

REPO = Path(__file__).resolve().parents[1]


def _printed(root: Path):
    for path in sorted((root / "towns").glob("*/*.yml")):
        text = path.read_text(encoding="utf-8")
        value = (yaml.safe_load(text) or {}).get("lead_industry")
        if value:
            line = next((n for n, l in enumerate(text.splitlines(), 1) if l.startswith("lead_industry:")), 1)
            yield path.relative_to(root).as_posix(), line, value


def uncovered(root: Path) -> list[str]:
    return [f"{file}:{line}: lead_industry「{value}」不在产业分类中 — 请在 generator/industry_sectors.yml 的某个"
            f"类别 keywords 中加入关键词，或把原文加入 other.printed（其他）。The lead industry is in no sector: add a"
            f" keyword to a sector of generator/industry_sectors.yml, or the printed value to other.printed."
            for file, line, value in _printed(root) if industry.sector(value) is None]


def test_every_printed_lead_industry_has_a_sector():
    missing = uncovered(REPO)
    assert not missing, "\n".join(missing)


def test_a_new_printed_industry_fails_with_a_located_message(root):
    root.town("alpha")
    path = root.path / "towns" / "gd" / "alpha.yml"
    path.write_text(path.read_text(encoding="utf-8") + "lead_industry: 嘻嘻哈哈\n", encoding="utf-8")
    [message] = uncovered(root.path)
    assert message.startswith("towns/gd/alpha.yml:") and "嘻嘻哈哈" in message and "industry_sectors.yml" in message


def test_the_first_keyword_in_the_wording_decides():
    assert industry.sector("白酒文化旅游（酒文化、洞藏、花海）").zh == "食品"
    assert industry.sector("文化旅游与白酒").zh == "文旅"
    assert industry.sector("历史经典产业").zh == "其他"  # listed word for word under other
    assert industry.sector("历史经典产业（丝绸）").zh == "时尚消费"
    assert industry.sector(None) is None


def test_about_a_dozen_sectors_and_no_keyword_twice():
    data = yaml.safe_load(industry.VOCABULARY.read_text(encoding="utf-8"))
    assert 10 <= len(data["sectors"]) <= 14
    words = [k for s in data["sectors"] for k in s["keywords"]]
    assert len(words) == len(set(words)), sorted(w for w in set(words) if words.count(w) > 1)
