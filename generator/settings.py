"""The build's settings: one frozen object, built and checked once, read as attributes.

The MkDocs plugin builds it from mkdocs.yml (`from_mkdocs`); tests and the benchmark build it
directly. A wrong tile setting stops the build here, with one line that says what to set.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.derive import geo


class SettingsError(ValueError):
    """A setting the build cannot use; the message says what to set."""


@dataclass(frozen=True)
class Settings:
    site_url: str = "/"  # ends with "/": absolute links in published data (towns.json, CSVs, the feed)
    repo_url: str = ""  # the repository on GitHub, for issue and source links; "" when unknown
    edit_base: str = ""  # repo_url + "/edit/main/": a record's "propose a change" link; "" for none
    tiles: str = "amap"  # a key of geo.PROVIDERS
    tiles_key: str = ""  # the provider's key, where it needs one (tianditu)
    search: bool = True  # build the Pagefind index after the site
    maps: bool = True  # map documents and points files

    def __post_init__(self):
        problem = geo.provider_problem(self.tiles, self.tiles_key)
        if problem:
            raise SettingsError(problem)

    @functools.cached_property
    def provider(self) -> dict:
        """The tile provider as the maps use it (geo.provider)."""
        return geo.provider(self.tiles, self.tiles_key)

    @classmethod
    def from_mkdocs(cls, mkdocs_config, plugin_config) -> Settings:
        """From MkDocs' config objects (read, not imported)."""
        site_url = mkdocs_config.site_url or "/"
        if not site_url.endswith("/"):
            site_url += "/"
        repo = (mkdocs_config.repo_url or "").rstrip("/")
        return cls(site_url=site_url, repo_url=repo, edit_base=f"{repo}/edit/main/" if repo else "",
                   tiles=plugin_config["tiles"], tiles_key=plugin_config["tiles_key"],
                   search=plugin_config["search"], maps=plugin_config["maps"])
