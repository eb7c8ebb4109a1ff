"""What every output reads, and what an earlier output leaves for a later one, as typed attributes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.outputs.render import Renderer
from generator.outputs.rows import Rows
from generator.outputs.urls import Urls
from generator.records.model import Catalog
from generator.settings import Settings


@dataclass
class SiteMaps:
    """Left by map_files for the pages: which map documents exist and what they show."""

    provider: dict  # the tile provider (geo.provider), whose attribution the map page names
    overview: str  # the map of every town (a document path)
    regions: dict[tuple[str, str], str] = field(default_factory=dict)  # ("province", code) -> map document path
    towns: dict[str, str] = field(default_factory=dict)  # slug -> the town's small map (document#point)


@dataclass
class Context:
    cat: Catalog
    settings: Settings
    root: Path  # the folder holding towns/ and policies/
    # When each town's record last changed (slug -> YYYY-MM-DD), or None: built without git history.
    updated: dict[str, str] | None = None
    # Each record file's changes from the same git pass (history.record_history), or None.
    history: dict | None = None
    state: dict | None = None  # kept between rebuilds while serving (page fingerprints)
    # Left by earlier outputs for later ones (build.OUTPUTS runs them in order):
    maps: SiteMaps | None = None  # by map_files; None when the build has no maps
    town_json: dict[str, bytes] = field(default_factory=dict)  # by exports: slug -> its towns.json entry
    town_lines: list[dict] | None = None  # by exports: towns.csv's lines (the compare page's CSV reuses them)
    # The 最近更新 rows (follow.recent_rows), worked out once for the town pages and the recent page.
    recent: list[dict] | None = None
    recent_read: bool = False
    rows: Rows = field(init=False)  # one display row per place, built once
    public: Urls = field(init=False)  # the site's absolute URLs, for published data

    def __post_init__(self):
        self.rows = Rows(self.cat)
        self.public = Urls(self.settings.site_url)

    @property
    def render(self) -> Renderer:
        return Renderer(self.settings, self.cat.labels)
