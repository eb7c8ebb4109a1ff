"""The whole build without MkDocs: records -> validation -> model -> pages, maps, data.

`generate` returns every file the site needs; the MkDocs plugin (or any other
builder) adds them to its build. `post_build` runs steps on the finished site.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.outputs import compare, directory, edit_form, exports, feed, follow, map_files, pages, search
from generator.outputs.context import Context
from generator.outputs.files import Generated
from generator.records import history
from generator.records.catalog import load_catalog
from generator.records.model import Catalog
from generator.settings import Settings


class InvalidRecords(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class BuildStepFailed(Exception):
    pass


@dataclass
class Output:
    catalog: Catalog
    settings: Settings
    files: list[Generated] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (load, validate, derive, each output)


# The outputs, in build order, each `generate(ctx) -> list[Generated]` under the name its time is
# reported by. An earlier one may leave a typed attribute of the context for a later one.
OUTPUTS = (
    ("map_files", map_files.generate),  # map documents and points files; leaves ctx.maps
    ("exports", exports.generate),      # towns.json, per-town JSON, CSVs, GeoJSON, datapackage.json, the open-data page; leaves ctx.town_json
    ("pages", pages.generate),          # town, province, programme, list, policy, coverage, map and home pages
    ("directory", directory.generate),  # directory and platforms pages, data/directory.json
    ("compare", compare.generate),      # the compare page, data/compare/{slug}.json, data/directory-csv.json
    ("search_page", search.generate),   # the search page
    ("feed", feed.generate),            # feed.xml
    ("follow", follow.generate),        # feeds per province and programme, the 最近更新 page and its feed
    ("edit_form", edit_form.generate),  # the record form: /edit/, its schema copy, rules data and validator
)


def generate(root: Path, settings: Settings, state: dict | None = None) -> Output:
    """Every file of the site. `state` (a dict the caller keeps between rebuilds while serving)
    holds the parsed records and page fingerprints, so a rebuild reads and renders only what changed."""
    # Records -> validation -> model: nothing is rendered from an invalid tree.
    timings: dict[str, float] = {}
    cat = load_catalog(root, cache=state.setdefault("records", {}) if state is not None else None, timings=timings)
    if cat.problems:
        raise InvalidRecords(cat.problems)
    # Each town page shows when its record last changed (git), or says that it cannot know.
    # One git pass gives every record's history (history.record_history).
    hist = history.record_history(root)
    ctx = Context(cat, settings, Path(root), state=state, history=hist,
                  updated=None if hist is None else {t.slug: hist[t.file][0].date for t in cat.towns if t.file in hist})
    out = Output(cat, settings, timings=timings)
    for stage, output in OUTPUTS:
        clock = time.perf_counter()
        out.files += output(ctx)
        timings[stage] = time.perf_counter() - clock
    if state is not None:
        _mark_unchanged(out.files, state.setdefault("written", {}))
    return out


def _mark_unchanged(files: list[Generated], written: dict[str, bytes]) -> None:
    """While serving: a file whose content is what the last build wrote is marked unchanged, so the
    builder neither renders it through the theme nor copies it again."""
    for f in files:
        if f.unchanged:
            continue
        digest = hashlib.sha1(f.content if isinstance(f.content, bytes) else f.content.encode("utf-8")).digest()
        if written.get(f.path) == digest:
            f.unchanged = True
        else:
            written[f.path] = digest


def search_index(out: Output):
    """The search index, fed page by page while the builder renders (see search.BackgroundIndex);
    None when the build has no search."""
    return search.BackgroundIndex() if out.settings.search else None


def post_build(out: Output, site_dir: Path, index=None) -> None:
    if out.settings.search:
        try:
            if index is not None:
                index.finish(site_dir)
            else:
                search.build_index(site_dir)
        except Exception as exc:  # the binary's own message, then stop the build
            raise BuildStepFailed(f"Pagefind 索引失败 (search index failed): {exc}") from exc
