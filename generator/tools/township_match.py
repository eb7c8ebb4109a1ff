"""Match a place's township (镇/乡/街道) to a table of named points, checked against county
boundaries: the logic of `python -m generator locate`, free of any data package.

The candidate table and the boundary lookup are inputs (tests give small fixtures; the command
gives GeoNames and geotool-cn, see locate_sources.py). A township word is read from the place's
texts (its name, its designations' names, the printed list names, its address) once the
division names in front of it are taken off (秦皇岛市卢龙县石门镇 → 石门). Candidates are the
table's places in the same province whose romanised or Chinese names read as the word, with
every reading of each polyphonic character (乐 le/yue, 长 chang/zhang). A candidate counts only
where the boundary set puts it inside the place's own division; a point is proposed only when
exactly one candidate does. Nothing here guesses: no nearest point, no fuzzy spelling.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from pypinyin import Style, pinyin

from generator.derive import geo

SUFFIXES = ("街道办事处", "街道", "镇", "乡")  # longest first
_SUFFIX_PINYIN = {"街道办事处": ("jiedao", "jiedaobanshichu"), "街道": ("jiedao",), "镇": ("zhen",), "乡": ("xiang",)}
_LATIN_SUFFIXES = ("jiedao", "subdistrict", "zhen", "xiang", "town", "township")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIVISION_END = "省市区县旗盟州"
_NOT_TOWNSHIP_BEFORE = "小"  # 小镇: a programme's town, not a township
_ETHNIC = ("土家族", "蒙古族", "朝鲜族", "回族", "彝族", "苗族", "壮族", "藏族", "瑶族", "侗族", "白族", "满族",
           "畲族", "黎族", "傣族", "哈尼族", "傈僳族", "佤族", "拉祜族", "纳西族", "羌族", "布依族", "水族", "仡佬族",
           "锡伯族", "达斡尔族", "鄂温克族", "鄂伦春族", "东乡族", "保安族", "撒拉族", "裕固族", "京族", "毛南族",
           "仫佬族", "普米族", "怒族", "独龙族", "景颇族", "布朗族", "阿昌族", "德昂族", "基诺族", "哈萨克族",
           "柯尔克孜族", "塔吉克族", "乌孜别克族", "维吾尔族")
MAX_READINGS = 512  # combinations of polyphonic readings tried for one word


@dataclass(frozen=True)
class Candidate:
    """One named point of the table (WGS-84)."""

    id: str
    name: str  # romanised main name, e.g. "Beijiao"
    lon: float
    lat: float
    province: str  # two-digit division prefix, e.g. "44"
    names: tuple[str, ...] = ()  # other names: romanised and Chinese


class Boundaries(Protocol):
    """What the matcher needs of a boundary set."""

    datum: str  # the datum its polygons are in (wgs84, gcj02)

    def codes_at(self, lon: float, lat: float) -> tuple[str, ...]:
        """Division codes (county, city, province) whose polygons hold the point, in `datum`."""

    def has(self, code: str) -> bool:
        """Whether the set has a polygon for this division code."""


@dataclass(frozen=True)
class Query:
    slug: str
    province: str  # two-digit prefix
    division: str  # the division code whose polygon the point must fall in
    texts: tuple[str, ...]
    strip: tuple[str, ...] = ()  # division names to take off the front of a text, longest first


@dataclass
class Result:
    slug: str
    status: str  # matched | ambiguous | outside | no-candidate | no-township
    words: list[str] = field(default_factory=list)  # township words tried, e.g. ["北滘镇"]
    inside: list[Candidate] = field(default_factory=list)  # candidates inside the division
    outside: list[tuple[Candidate, tuple[str, ...]]] = field(default_factory=list)  # (candidate, its codes)
    how: dict[str, str] = field(default_factory=dict)  # candidate id -> "name" (Chinese name equal) | "pinyin"

    @property
    def match(self) -> Candidate | None:
        return self.inside[0] if self.status == "matched" else None


# --------------------------------------------------------------------------------------
# Township words
# --------------------------------------------------------------------------------------

_DIVISION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "区", "县", "旗", "盟")


def bare_name(name: str) -> str:
    """A division's name without its level: 秦皇岛市 → 秦皇岛, 北镇市 → 北镇 (two characters at least)."""
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _strip_divisions(text: str, names: tuple[str, ...]) -> str:
    """Take division names off the front of a text, with a level character left over after a
    bare name (宁乡 + 县 of the old 宁乡县)."""
    changed = True
    while changed:
        changed = False
        for n in names:
            if text.startswith(n) and len(text) > len(n):
                text, changed = text[len(n):], True
                if len(text) > 1 and text[0] in _DIVISION_END:
                    text = text[1:]
                break
    return text


def _without_ethnic(stem: str) -> str:
    while True:
        for e in _ETHNIC:
            if stem.endswith(e) and len(stem) > len(e):
                stem = stem[: -len(e)]
                break
        else:
            return stem


def _words_in(run: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(run):
        suffix = next((s for s in SUFFIXES if run.startswith(s, i)), None)
        after = run[i + len(suffix)] if suffix and i + len(suffix) < len(run) else ""
        if (suffix is None or i == 0 or (suffix == "镇" and run[i - 1] == _NOT_TOWNSHIP_BEFORE)
                or after in _DIVISION_END and after):  # 小镇; 宁乡县, 北镇市, 镇海区: not townships
            i += 1
            continue
        stem = run[:i]
        stems = [stem]
        cut = max(stem.rfind(c) for c in _DIVISION_END)
        if 0 <= cut < len(stem) - 1:
            stems.append(stem[cut + 1:])
        for s in stems:
            for variant in (s, _without_ethnic(s)):
                if variant and (variant, suffix) not in out:
                    out.append((variant, suffix))
        i += len(suffix)
    return out


def township_words(texts: Iterable[str], strip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(stem, suffix) pairs, in order of first appearance: 北滘镇 → ("北滘", "镇").

    Division names (`strip`, full or bare) are taken off the front of each run of Chinese
    characters; then every township suffix ends a word that starts at the run's start, and where
    that stem still holds a division ending (an old county name the gazetteer lacks) the part
    after it is a word too. 小镇 is a programme's town, and 镇/乡 followed by 市/县/区 part of
    a division's name (宁乡县, 北镇市): neither is a township. Where stripping bare names leaves
    no word (和平镇 in a province with 和平县), the run with only full names stripped is read.
    """
    full = tuple(sorted(set(strip), key=lambda n: (-len(n), n)))
    names = tuple(sorted(set(full) | {bare_name(n) for n in full}, key=lambda n: (-len(n), n)))
    out: list[tuple[str, str]] = []
    for text in texts:
        for run in _HAN.findall(text or ""):
            words = _words_in(_strip_divisions(run, names)) or _words_in(_strip_divisions(run, full))
            out += [w for w in words if w not in out]
    return out


# --------------------------------------------------------------------------------------
# Readings
# --------------------------------------------------------------------------------------

def latin_key(name: str) -> str:
    """A romanised name as letters only: "Ya’ngan" → "yangan", "Lü" → "lu", "Xêgar" → "xegar"."""
    text = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in text if "a" <= c <= "z").replace("v", "u")


def readings(stem: str) -> set[str]:
    """Every toneless pinyin reading of a Chinese word, each character with all its readings."""
    per_char = [sorted({latin_key(r) for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]}) for ch in stem]
    out: set[str] = set()
    for combo in itertools.islice(itertools.product(*per_char), MAX_READINGS):
        out.add("".join(combo))
    return out


def word_keys(stem: str, suffix: str) -> set[str]:
    """Keys a township word may be written as: the stem, or the stem with its suffix."""
    base = readings(stem)
    return base | {b + s for b in base for s in _SUFFIX_PINYIN[suffix]}


def candidate_keys(c: Candidate) -> set[str]:
    """Keys a candidate answers to: its romanised names with and without a township ending,
    and the readings of its Chinese names."""
    keys: set[str] = set()
    for n in (c.name, *c.names):
        if _HAS_HAN.search(n):
            han = "".join(_HAN.findall(n))
            if len(han) <= 8:
                for s in SUFFIXES:
                    if han.endswith(s) and len(han) > len(s):
                        keys |= word_keys(han[: -len(s)], s)
                        break
                else:
                    keys |= readings(han)
            continue
        k = latin_key(n)
        if not k:
            continue
        keys.add(k)
        for s in _LATIN_SUFFIXES:
            if k.endswith(s) and len(k) > len(s):
                keys.add(k[: -len(s)])
    return keys


class CandidateIndex:
    """Candidates by (province, key); built once for a table."""

    def __init__(self, candidates: Iterable[Candidate]):
        self._by_key: dict[tuple[str, str], dict[str, Candidate]] = {}
        for c in candidates:
            for k in candidate_keys(c):
                self._by_key.setdefault((c.province, k), {})[c.id] = c

    def find(self, province: str, keys: Iterable[str]) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for k in keys:
            found.update(self._by_key.get((province, k), {}))
        return sorted(found.values(), key=lambda c: (c.id, c.name))


def _named_alike(c: Candidate, words: list[tuple[str, str]]) -> bool:
    han = {"".join(_HAN.findall(n)) for n in c.names if _HAS_HAN.search(n)}
    return any(s in han or s + x in han for s, x in words)


def chinese_name(c: Candidate, words: Iterable[str] = ()) -> str:
    """The candidate's Chinese name that the place's words name, else its first Chinese name."""
    han = [n for n in c.names if _HAS_HAN.search(n)]
    stems = [w[: -len(s)] for w in words for s in SUFFIXES if w.endswith(s) and len(w) > len(s)]
    return next((w for w in (*words, *stems) if w in han), han[0] if han else "")


# --------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------

def match(query: Query, index: CandidateIndex, boundaries: Boundaries) -> Result:
    """Candidates for the query's township words, checked against its division's polygon."""
    words = township_words(query.texts, query.strip)
    result = Result(query.slug, "no-township", words=[s + x for s, x in words])
    if not words:
        return result
    keys = set().union(*(word_keys(s, x) for s, x in words))
    found = index.find(query.province, keys)
    if not found:
        result.status = "no-candidate"
        return result
    for c in found:
        lon, lat = geo.to_datum(c.lon, c.lat, "wgs84", boundaries.datum)
        codes = boundaries.codes_at(lon, lat)
        result.how[c.id] = "name" if _named_alike(c, words) else "pinyin"
        if query.division in codes:
            result.inside.append(c)
        else:
            result.outside.append((c, codes))
    result.status = {0: "outside", 1: "matched"}.get(len(result.inside), "ambiguous")
    return result
