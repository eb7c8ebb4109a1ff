"""What every output reads, and what an earlier output leaves for a later one."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.records.model import Catalog


@dataclass
class Context:
    cat: Catalog
    settings: dict  # site_url, repo_url, edit_base, tiles, tiles_key, search, maps, build_date
    root: Path  # the folder holding towns/ and policies/
    # Left by earlier outputs for later ones: "towns" (slug -> small-map URL, last-updated date),
    # "maps" (region map documents), "town_json" (slug -> that town's towns.json entry as bytes).
    extra: dict = field(default_factory=dict)
    state: dict | None = None  # kept between rebuilds while serving (page fingerprints)
