"""The whole build without MkDocs: records -> validation -> model -> pages, maps, data.

`generate` returns every file the site needs; the MkDocs plugin (or any other
builder) adds them to its build. `post_build` runs steps on the finished site.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import exports, history, pages
from .catalog import Catalog, load_catalog

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


def generate(root: Path, settings: dict, state: dict | None = None) -> Output:
    """Every file of the site. `state` (a dict the caller keeps between rebuilds while serving)
    holds the parsed records and page fingerprints, so a rebuild reads and renders only what changed."""
    cat = load_catalog(root, cache=state.setdefault("records", {}) if state is not None else None)
    if cat.problems:
        raise InvalidRecords(cat.problems)
    out = Output(cat, settings)
    updated = history.last_updated(root, [t.file for t in cat.towns])
    extra = {"towns": {t.slug: ({"updated": updated[t.file]} if updated is not None and t.file in updated
                                else {"updated_unknown": updated is None}) for t in cat.towns}, "maps": None}
    if settings.get("maps", True):
        from . import map_pages

        map_files, map_extra = map_pages.generate(cat, settings, root)
        out.files += map_files
        extra["maps"] = map_extra
        for slug, url in map_extra["towns"].items():
            extra["towns"][slug]["map_url"] = url
    towns_json, per_town = exports.towns_json(cat, settings["site_url"])
    out.files += pages.render_all(cat, settings, extra, per_town,
                                  state.setdefault("pages", {}) if state is not None else None)
    out.files.append(pages.Generated("data/towns.json", towns_json))
    out.files += [pages.Generated(f"data/towns/{slug}.json", body) for slug, body in per_town.items()]
    from . import directory  # directory, platforms, data and search pages; open data; feed.xml

    out.files += directory.generate(cat, settings)
    from . import edit_form  # the record form: /edit/, its schema copy, rules data and validator

    out.files += edit_form.generate(cat, settings, root)
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


def post_build(out: Output, site_dir: Path) -> None:
    if out.settings.get("search", True):
        from . import search

        try:
            search.build_index(site_dir)
        except Exception as exc:  # the binary's own message, then stop the build
            raise BuildStepFailed(f"Pagefind 索引失败 (search index failed): {exc}") from exc
