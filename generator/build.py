"""The whole build without MkDocs: records -> validation -> model -> pages, maps, data.

`generate` returns every file the site needs; the MkDocs plugin (or any other
builder) adds them to its build. `post_build` runs steps on the finished site.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.outputs import directory, edit_form, exports, feed, map_files, pages
from generator.outputs.context import Context
from generator.records import history
from generator.records.catalog import load_catalog
from generator.records.model import Catalog

TILE_PROVIDERS = ("amap", "osm", "tianditu")


class InvalidRecords(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class BuildStepFailed(Exception):
    pass


def settings_problem(tiles: str, tiles_key: str) -> str | None:
    """What is wrong with the map settings, as one line that says what to set; None when fine."""
    if tiles not in TILE_PROVIDERS:
        return (f"未知的底图 tiles: {tiles}；请在 mkdocs.yml 的 plugins: towns: 下把 tiles 设为 {' / '.join(TILE_PROVIDERS)} 之一 "
                f"(unknown tile provider {tiles!r}: set plugins.towns.tiles to one of {', '.join(TILE_PROVIDERS)})")
    if tiles == "tianditu" and not tiles_key.strip():
        return ("天地图底图需要密钥：请在 mkdocs.yml 的 plugins: towns: 下设置 tiles_key，或把 tiles 改为 amap "
                "(tiles: tianditu needs a key: set plugins.towns.tiles_key in mkdocs.yml, or use tiles: amap)")
    return None


@dataclass
class Output:
    catalog: Catalog
    settings: dict
    files: list[pages.Generated] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (load, validate, derive, each output)


def settings_from(mkdocs_config, plugin_config) -> dict:
    """Plain settings from MkDocs' config objects (read, not imported)."""
    site_url = mkdocs_config.site_url or "/"
    if not site_url.endswith("/"):
        site_url += "/"
    repo = (mkdocs_config.repo_url or "").rstrip("/")
    edit_base = f"{repo}/edit/main/" if repo else ""
    return {
        "site_url": site_url,
        "repo_url": repo,
        "edit_base": edit_base,
        "tiles": plugin_config["tiles"],
        "tiles_key": plugin_config["tiles_key"],
        "search": plugin_config["search"],
        "maps": plugin_config["maps"],
        "build_date": dt.date.today().isoformat(),
    }


# The outputs, in build order. Each is `generate(ctx) -> list[Generated]`; an earlier one may leave
# something in ctx.extra for a later one.
OUTPUTS = (
    map_files,  # map documents and points files; leaves each town's small-map URL
    exports,    # towns.json, per-town JSON, CSVs, GeoJSON, datapackage.json; leaves each town's entry
    pages,      # town, province, programme, list, policy, coverage, map and home pages
    directory,  # directory, platforms, open-data and search pages, data/directory.json
    feed,       # feed.xml
    edit_form,  # the record form: /edit/, its schema copy, rules data and validator
)


def generate(root: Path, settings: dict, state: dict | None = None) -> Output:
    """Every file of the site. `state` (a dict the caller keeps between rebuilds while serving)
    holds the parsed records and page fingerprints, so a rebuild reads and renders only what changed."""
    # Records -> validation -> model: nothing is rendered from an invalid tree.
    timings: dict[str, float] = {}
    cat = load_catalog(root, cache=state.setdefault("records", {}) if state is not None else None, timings=timings)
    if cat.problems:
        raise InvalidRecords(cat.problems)
    # Each town page shows when its record last changed (git), or says that it cannot know.
    updated = history.last_updated(root, [t.file for t in cat.towns])
    towns = {t.slug: ({"updated": updated[t.file]} if updated is not None and t.file in updated
                      else {"updated_unknown": updated is None}) for t in cat.towns}
    ctx = Context(cat, settings, Path(root), extra={"towns": towns, "maps": None}, state=state)
    out = Output(cat, settings, timings=timings)
    for output in OUTPUTS:
        clock = time.perf_counter()
        out.files += output.generate(ctx)
        timings[output.__name__.rsplit(".", 1)[-1]] = time.perf_counter() - clock
    if state is not None:
        _mark_unchanged(out.files, state.setdefault("written", {}))
    return out


def _mark_unchanged(files: list[pages.Generated], written: dict[str, bytes]) -> None:
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
    if not out.settings.get("search", True):
        return None
    from generator.outputs import search

    return search.BackgroundIndex()


def post_build(out: Output, site_dir: Path, index=None) -> None:
    if out.settings.get("search", True):
        from generator.outputs import search

        try:
            if index is not None:
                index.finish(site_dir)
            else:
                search.build_index(site_dir)
        except Exception as exc:  # the binary's own message, then stop the build
            raise BuildStepFailed(f"Pagefind 索引失败 (search index failed): {exc}") from exc
