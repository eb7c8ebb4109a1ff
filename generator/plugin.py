"""The thin MkDocs plugin: feeds the generator's pages and data into the build.

All the work is in modules that do not import MkDocs (build.py and what it calls);
this file only wires MkDocs events to them.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator import build
from generator.settings import Settings, SettingsError


class TownsConfig(Config):
    root = opt.Type(str, default="")  # folder holding towns/ and policies/ (default: beside mkdocs.yml)
    tiles = opt.Type(str, default="amap")  # checked by Settings in on_config, with a message that says what to set
    tiles_key = opt.Type(str, default="")
    search = opt.Type(bool, default=True)  # run Pagefind after the build
    maps = opt.Type(bool, default=True)
    # False sends generated HTML pages through Markdown like any page (the slow path, kept to
    # test that skipping it changes nothing a reader sees).
    skip_markdown = opt.Type(bool, default=True)


class TownsPlugin(BasePlugin[TownsConfig]):
    serving = incremental = False
    state: dict | None = None
    builds = 0
    index = None  # this build's search index (search.BackgroundIndex), or None: none made this build
    theme_env = None  # while serving: (theme folders and locale, the theme's Jinja environment) of the first build

    # Having on_startup keeps this object across rebuilds of one `mkdocs serve`: the parsed
    # records and page fingerprints then survive, and a rebuild redoes only what changed.
    def on_startup(self, command, dirty):
        self.serving = command == "serve"
        self.incremental = self.serving and dirty  # only a dirty build keeps the pages it wrote before
        self.state: dict | None = {} if self.incremental else None
        self.builds = 0

    def on_config(self, config):
        self.clock = {"config": time.perf_counter()}
        try:
            self.settings = Settings.from_mkdocs(config, self.config)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        self.output = None
        self.html_pages: set[str] = set()
        self.pending: dict[str, str] = {}
        self.index = None

    def on_files(self, files: Files, config) -> Files:
        # A theme template (custom_dir) edited while serving changes every page though no record
        # did: the page fingerprints are forgotten, so every page is rendered and written again.
        if self.state is not None:
            stamp = _theme_stamp(config)
            if self.state and stamp != self.state.get("theme"):
                for kept in ("pages", "written"):
                    self.state.pop(kept, None)
            self.state["theme"] = stamp
        # Validation first: a wrong record stops the build with the validator's own lines.
        try:
            self.output = build.generate(self.root, self.settings, self.state)
        except build.InvalidRecords as exc:
            raise PluginError("记录有误 (invalid records):\n" + "\n".join(map(str, exc.problems))) from None
        for f in list(files):
            if f.src_uri.startswith("content/") and not f.src_uri.endswith(".md"):
                files.remove(f)  # the generator's own templates are not site files
            elif f.src_uri.endswith(".md"):
                f.edit_uri = f"docs/{f.src_uri}"
        self.html_pages = {item.path for item in self.output.files if item.html and self.config.skip_markdown}
        # While serving, the index of the first build is kept: later rebuilds do not redo it.
        if not (self.incremental and self.builds >= 1):
            self.index = build.search_index(self.output)
        for item in self.output.files:
            file = File.generated(config, item.path, content=item.content)
            if item.unchanged:
                file.is_modified = lambda: False  # a dirty build keeps the page written last time
            file.edit_uri = item.edit
            if item.path.startswith("towns/"):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        self.clock["files"] = time.perf_counter()
        return files

    def on_page_markdown(self, markdown, page, config, files):
        # A generated page's body is finished HTML: keep it for on_page_content and give
        # Markdown nothing to parse.
        if page.file.src_uri in self.html_pages:
            self.pending[page.file.src_uri] = markdown.strip("\n")  # as Markdown would leave it
            return ""
        return markdown

    def on_page_content(self, html, page, config, files):
        html = self.pending.pop(page.file.src_uri, html)
        if self.index is not None:
            self.index.add(page.url, page.title, html)
        return html

    def on_env(self, env, config, files):
        # Every page's body is known now: Pagefind indexes them while the theme writes the pages.
        if self.index is not None:
            self.index.start()
        if self.incremental:
            env = self._kept_theme_env(env, config)
        return env

    def _kept_theme_env(self, env, config):
        # While serving, MkDocs makes a new theme environment for every rebuild, which compiles
        # Material's templates again. Keep the first one (for the same theme folders and locale):
        # its compiled templates survive, and auto_reload recompiles a template whose file changed.
        key = (tuple(config.theme.dirs), str(config.theme.locale))
        if self.theme_env is not None and self.theme_env[0] == key:
            return self.theme_env[1]
        env.auto_reload = True
        self.theme_env = (key, env)
        return env

    def on_build_error(self, error):
        if self.index is not None:
            self.index.cancel()

    def on_serve(self, server, config, builder):
        # Records and policies live outside docs_dir: watch them for live reload.
        for folder in ("towns", "policies", "overrides"):
            if (self.root / folder).exists():
                server.watch(str(self.root / folder))
        return server

    def on_post_build(self, config):
        if self.output is None:
            return
        self.clock["theme"] = time.perf_counter()
        try:
            self._post_build(config)
        finally:
            self._write_timings()

    def _write_timings(self):
        # The benchmark's split of a build by stage: TOWNS_TIMINGS names the JSON file to write.
        target = os.environ.get("TOWNS_TIMINGS")
        if target and getattr(self, "clock", None) and self.output is not None:
            end = time.perf_counter()
            stages = dict(self.output.timings)
            stages["theme"] = self.clock["theme"] - self.clock["files"]
            stages["search"] = end - self.clock["theme"]
            stages["total"] = end - self.clock["config"]
            Path(target).write_text(json.dumps(stages, indent=1), encoding="utf-8")

    def _post_build(self, config):
        self.builds += 1
        if self.index is None and self.builds > 1:
            return  # a rebuild while serving: the first build's search index is kept
        try:
            build.post_build(self.output, Path(config.site_dir), self.index)
        except build.BuildStepFailed as exc:
            raise PluginError(str(exc)) from None


def _theme_stamp(config) -> tuple:
    """The theme's own templates (custom_dir): their names and modification times."""
    custom = config.theme.custom_dir
    if not custom or not Path(custom).is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in Path(custom).rglob("*.html")))
