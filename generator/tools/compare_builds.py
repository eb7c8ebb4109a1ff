"""Two built sites, page for page: the article of every page and every data file.

Run: python -m generator.tools.compare_builds SITE_A SITE_B   (exit 0: the same; 1: differences)

- Pages: the `<article>` Material writes around a page's content, from every HTML page, with the
  page's `<title>` and description (from the generator's front matter). Whitespace that a
  browser does not show (runs of spaces and newlines, and any beside a block element's tags or a
  line break) is folded first, so a template laid out one element per line compares equal to one
  written on a single line; whitespace between inline elements still counts.
- Map documents (HTML without an article, under maps/): whole, with folium's random element ids
  folded.
- Data files (data/**, feed.xml, the schema copy: .json, .csv, .geojson, .xml): byte for byte.
- Build dates are not differences: each site's build date (the footer of its home page) is
  masked in both pages and data. The search bundle and the sitemap are left out: file names
  and dates of the build, made from the pages compared here.
"""
from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
_HEAD = re.compile(r'<title>.*?</title>|<meta name="description" content="[^"]*">', re.S)
_BLOCK = ("address|article|aside|blockquote|body|br|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|"
          "form|h[1-6]|head|header|hr|html|li|link|main|meta|nav|noscript|ol|p|script|section|style|summary|"
          "table|tbody|td|tfoot|th|thead|title|tr|ul")
_AROUND_BLOCK = re.compile(rf"\s*(</?(?:{_BLOCK})\b[^>]*>)\s*", re.I)
_SPACE = re.compile(r"\s+")
_FOLIUM_ID = re.compile(r"_[0-9a-f]{32}\b")
_BUILT = re.compile(r'构建日期 <span lang="en">Built</span> (\d{4}-\d{2}-\d{2})')
DATA_SUFFIXES = {".json", ".csv", ".geojson", ".xml"}
SKIPPED = ("pagefind/", "sitemap.xml")


def article(html: str) -> str | None:
    """The page's title and description, then the content of its `<article>`; None for a
    document without an article."""
    match = _ARTICLE.search(html)
    return "\n".join(_HEAD.findall(html) + [match.group(1)]) if match else None


def fold(html: str) -> str:
    """HTML with the whitespace a reader cannot see folded away (see the module docstring)."""
    return _AROUND_BLOCK.sub(r"\1", _SPACE.sub(" ", html)).strip()


def build_date(site: Path) -> str | None:
    home = site / "index.html"
    match = _BUILT.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    return match.group(1) if match else None


@dataclass
class Side:
    """What one site holds, by site-relative path: folded page articles and data bytes."""

    pages: dict[str, str] = field(default_factory=dict)
    data: dict[str, bytes] = field(default_factory=dict)


def read_site(site: Path) -> Side:
    site = Path(site)
    date = build_date(site)
    side = Side()
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if not file.is_file() or rel.startswith(SKIPPED):
            continue
        if file.suffix == ".html":
            text = file.read_text(encoding="utf-8")
            body = article(text)
            if body is None:
                if not rel.startswith("maps/"):
                    continue  # not a page of ours (a vendored file)
                body = _FOLIUM_ID.sub("_ID", text)
            side.pages[rel] = fold(body.replace(date, "BUILD-DATE") if date else body)
        elif file.suffix in DATA_SUFFIXES and not rel.startswith("assets/javascripts/"):
            body = file.read_bytes()
            side.data[rel] = body.replace(date.encode(), b"BUILD-DATE") if date else body
    return side


@dataclass
class Report:
    pages: int = 0  # compared: present on both sides
    data: int = 0
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    differ: dict[str, list[str]] = field(default_factory=dict)  # path -> a short unified diff

    @property
    def same(self) -> bool:
        return not (self.only_a or self.only_b or self.differ)

    def lines(self, shown: int = 20) -> list[str]:
        out = [f"pages compared: {self.pages}; data files compared: {self.data}",
               f"only in A: {len(self.only_a)}; only in B: {len(self.only_b)}; differ: {len(self.differ)}"]
        out += [f"  only in A: {p}" for p in self.only_a[:shown]]
        out += [f"  only in B: {p}" for p in self.only_b[:shown]]
        for path, diff in list(self.differ.items())[:shown]:
            out.append(f"  differs: {path}")
            out += [f"    {line}" for line in diff]
        hidden = len(self.only_a) + len(self.only_b) + len(self.differ) - 3 * shown
        if hidden > 0:
            out.append(f"  … and more ({hidden} not shown)")
        out.append("the same" if self.same else "DIFFERENT")
        return out


def _short_diff(a: str, b: str, context: int = 1, limit: int = 12) -> list[str]:
    """A unified diff of two texts cut at tag boundaries, at most `limit` lines."""
    lines = list(difflib.unified_diff(a.replace(">", ">\n").splitlines(), b.replace(">", ">\n").splitlines(),
                                      lineterm="", n=context))[2:]
    return [line[:200] for line in lines[:limit]] + (["…"] if len(lines) > limit else [])


def compare(site_a: Path, site_b: Path) -> Report:
    a, b = read_site(site_a), read_site(site_b)
    report = Report()
    for kind in ("pages", "data"):
        left, right = getattr(a, kind), getattr(b, kind)
        report.only_a += sorted(set(left) - set(right))
        report.only_b += sorted(set(right) - set(left))
        both = sorted(set(left) & set(right))
        setattr(report, kind, len(both))
        for path in both:
            if left[path] != right[path]:
                x, y = left[path], right[path]
                if isinstance(x, bytes):
                    x, y = x.decode("utf-8", "replace"), y.decode("utf-8", "replace")
                report.differ[path] = _short_diff(x, y)
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m generator.tools.compare_builds SITE_A SITE_B", file=sys.stderr)
        return 2
    report = compare(Path(argv[0]), Path(argv[1]))
    print("\n".join(report.lines()))
    return 0 if report.same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
