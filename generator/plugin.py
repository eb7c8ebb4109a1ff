"""The thin MkDocs plugin: feeds the generator's pages and data into the build.

All the work is in modules that do not import MkDocs (site.py and what it calls);
this file only wires MkDocs events to them.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import site

log = get_plugin_logger(__name__)


class TownsConfig(Config):
    root = opt.Type(str, default="")  # folder holding towns/ and policies/ (default: beside mkdocs.yml)
    tiles = opt.Type(str, default="amap")  # checked in on_config, with a message that says what to set
    tiles_key = opt.Type(str, default="")
    search = opt.Type(bool, default=True)  # run Pagefind after the build
    maps = opt.Type(bool, default=True)


class TownsPlugin(BasePlugin[TownsConfig]):
    def on_config(self, config):
        problem = site.settings_problem(self.config.tiles, self.config.tiles_key)
        if problem:
            raise PluginError(problem)
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        self.output = None

    def on_files(self, files: Files, config) -> Files:
        # Validation first: a wrong record stops the build with the validator's own lines.
        try:
            self.output = site.generate(self.root, site.settings_from(config, self.config))
        except site.InvalidRecords as exc:
            raise PluginError("记录有误 (invalid records):\n" + "\n".join(map(str, exc.problems))) from None
        for f in list(files):
            if f.src_uri.startswith("content/") and not f.src_uri.endswith(".md"):
                files.remove(f)  # the generator's own templates are not site files
            elif f.src_uri.endswith(".md"):
                f.edit_uri = f"docs/{f.src_uri}"
        for item in self.output.files:
            file = File.generated(config, item.path, content=item.content)
            file.edit_uri = item.edit
            if item.path.startswith("towns/"):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        return files

    def on_serve(self, server, config, builder):
        # Records and policies live outside docs_dir: watch them for live reload.
        for folder in ("towns", "policies", "overrides"):
            if (self.root / folder).exists():
                server.watch(str(self.root / folder))
        return server

    def on_post_build(self, config):
        if self.output is None:
            return
        try:
            site.post_build(self.output, Path(config.site_dir))
        except site.BuildStepFailed as exc:
            raise PluginError(str(exc)) from None
