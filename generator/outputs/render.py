"""The Jinja environment of the generated pages (templates in overrides/content/), and the one
way a page is rendered: with its way back to the site root, its `urls`, the settings and labels.

Every page is Markdown whose body is one HTML block: data never passes through the Markdown
parser, so a name holding `[x](javascript:…)` or `<script>` stays text (Jinja autoescapes it).
Python decides what to show (views.py); templates only present it.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup, escape

from generator.derive import lifecycle
from generator.outputs.files import Generated
from generator.outputs.urls import Urls

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "overrides" / "content"
# Templates whose output goes through the builder's Markdown: the policy texts (Markdown), and
# the record form's shell, which always has (Markdown wraps its stylesheet link in a paragraph;
# rendering it as finished HTML would change the page). Every other template renders finished HTML.
MARKDOWN_TEMPLATES = {"policy.html", "edit.html"}


@functools.cache
def env() -> Environment:
    """One environment per process: templates compile once, and Jinja recompiles a template
    whose file changed (auto_reload), so a rebuild while serving pays only for what changed."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=ChainableUndefined,
        keep_trailing_newline=True,
    )
    # MkDocs inserts page.meta.title into the page unescaped: escape it here, once.
    environment.filters["title_meta"] = lambda v: Markup(json.dumps(str(escape(str(v))), ensure_ascii=False))
    # Every date a page shows: `{{ when(list.date | shown(list.date_precision)) }}` (macros.html).
    environment.filters["shown"] = lifecycle.shown
    return environment


def base_of(path: str) -> str:
    """Relative prefix from a page's URL (directory URLs) back to the site root."""
    parts = path[:-3].split("/") if path.endswith(".md") else path.split("/")
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth


def templates_stamp() -> str:
    """Changes whenever a template changes: part of every page fingerprint."""
    return ",".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(TEMPLATE_DIR.glob("*.html")))


class Renderer:
    """Renders pages with what every template reads: `base` and `urls` (the routes seen from the
    page), `site` (the settings) and `labels` (generator/labels.yml)."""

    def __init__(self, settings, labels: dict):
        self.settings = settings
        self.labels = labels

    @staticmethod
    def urls(path: str) -> Urls:
        """The routes as seen from the page at `path`."""
        return Urls(base_of(path))

    def page(self, path: str, template: str, edit: str | None = None, **values) -> Generated:
        urls = self.urls(path)
        text = env().get_template(template).render(base=urls.base, urls=urls, site=self.settings,
                                                   labels=self.labels, **values)
        return Generated(path, text, edit, html=template not in MARKDOWN_TEMPLATES)
