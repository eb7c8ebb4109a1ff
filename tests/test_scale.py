"""Town pages do not grow with the number of towns: the generator's Markdown for a town
page is about the same size with 10 towns as with 1,000 (no MkDocs; build.generate only)."""
from __future__ import annotations

from generator import build
from generator.settings import Settings
from generator.tools import synth

SETTINGS = Settings(site_url="https://example.invalid/", repo_url="https://example.invalid/repo",
                    edit_base="https://example.invalid/repo/edit/main/", search=False, maps=False)


def _average_town_page(root) -> tuple[float, int]:
    out = build.generate(root, SETTINGS)
    sizes = [len(f.content.encode("utf-8") if isinstance(f.content, str) else f.content)
             for f in out.files if f.path.startswith("towns/") and f.path.endswith(".md")]
    return sum(sizes) / len(sizes), len(sizes)


def test_town_page_size_does_not_grow_with_n(tmp_path):
    # The first 10 towns of a seed are the same records in both roots: compare like with like.
    small, n_small = _average_town_page(synth.make_root(tmp_path / "n10", 10, seed=5))
    big, n_big = _average_town_page(synth.make_root(tmp_path / "n1000", 1000, seed=5))
    assert (n_small, n_big) == (10, 1000)
    assert abs(big - small) / small <= 0.15, f"average town page: {small:.0f} B at 10 towns, {big:.0f} B at 1,000"
