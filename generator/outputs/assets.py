"""Browser assets served from the site itself (no CDN): Leaflet and Leaflet.markercluster.

The files come from ``node_modules/`` (``npm ci`` installs the exact versions pinned in
``package.json`` / ``package-lock.json``).  ``vendor_files`` maps each destination path,
relative to the vendor folder (``files.VENDOR_DIR``), to its source file, so the build can
add them to the site.

The map pages refer to them as ``<asset_base>leaflet/leaflet.js`` etc.; see
``generator.outputs.maps.asset_urls``.  axe-core (a devDependency for accessibility tests) is not
vendored into the site: tests read ``node_modules/axe-core/axe.min.js`` (``axe_core_path``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "EDIT_VENDOR_FILES",
    "VENDOR_FILES",
    "MissingAssetError",
    "axe_core_path",
    "edit_vendor_files",
    "vendor_files",
]

# destination (relative to the vendor folder) -> source (relative to node_modules/)
VENDOR_FILES: dict[str, str] = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    # leaflet.css refers to images/… relative to itself
    "leaflet/images/layers.png": "leaflet/dist/images/layers.png",
    "leaflet/images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet.markercluster/MIT-LICENCE.txt": "leaflet.markercluster/MIT-LICENCE.txt",
}


class MissingAssetError(FileNotFoundError):
    """A vendored browser asset is missing from node_modules/."""


def _node_modules(repo_root: str | Path) -> Path:
    return Path(repo_root).resolve() / "node_modules"


def vendor_files(repo_root: str | Path) -> dict[str, Path]:
    """``{dest_relpath: source_path}`` for every vendored file; checks that all exist.

    Raises ``MissingAssetError`` naming the missing file(s) and telling to run ``npm ci``.
    """
    nm = _node_modules(repo_root)
    out: dict[str, Path] = {}
    missing: list[str] = []
    for dest, src in VENDOR_FILES.items():
        path = nm / src
        if not path.is_file():
            missing.append(f"node_modules/{src}")
        out[dest] = path
    if missing:
        why = "node_modules/ does not exist" if not nm.is_dir() else "files are missing from node_modules/"
        raise MissingAssetError(
            f"map assets not found ({why}): {', '.join(missing)}. "
            f"Run `npm ci` in {Path(repo_root).resolve()} to install the pinned versions "
            f"from package-lock.json."
        )
    return out


def axe_core_path(repo_root: str | Path) -> Path:
    """``node_modules/axe-core/axe.min.js`` (for accessibility tests; not part of the site)."""
    path = _node_modules(repo_root) / "axe-core" / "axe.min.js"
    if not path.is_file():
        raise MissingAssetError(f"{path} not found. Run `npm ci` in {Path(repo_root).resolve()}.")
    return path


# The record form's validator: Ajv's own browser bundle for draft 2020-12 (ajv-dist, the same
# code as ajv/dist/2020) and ajv-formats' format checks. ajv-formats ships CommonJS only; its
# formats.js requires nothing, so the build wraps it in a function that hands its exports to
# `window.ajvFormats` (edit_vendor_files) instead of running a bundler.
EDIT_VENDOR_FILES: dict[str, str] = {
    "ajv/ajv2020.min.js": "ajv-dist/dist/ajv2020.min.js",
    "ajv/LICENSE": "ajv/LICENSE",  # ajv-dist ships none: the same MIT text from ajv (an ajv-formats dependency)
    "ajv-formats/formats.js": "ajv-formats/dist/formats.js",
    "ajv-formats/LICENSE": "ajv-formats/LICENSE",
}

_CJS_WRAP = ("/* ajv-formats {version} dist/formats.js (MIT), wrapped for the browser by generator/outputs/assets.py */\n"
             "(function () {{ var exports = {{}}; var module = {{ exports: exports }};\n{body}\n"
             "window.ajvFormats = module.exports; }})();\n")


def edit_vendor_files(repo_root: str | Path) -> dict[str, bytes]:
    """``{dest_relpath: content}`` for the record form's validator (see EDIT_VENDOR_FILES)."""
    import json

    nm = _node_modules(repo_root)
    missing = [f"node_modules/{src}" for src in EDIT_VENDOR_FILES.values() if not (nm / src).is_file()]
    if missing:
        raise MissingAssetError(f"record-form assets not found: {', '.join(missing)}. Run `npm ci` in "
                                f"{Path(repo_root).resolve()} to install the pinned versions from package-lock.json.")
    import re

    out = {dest: (nm / src).read_bytes() for dest, src in EDIT_VENDOR_FILES.items()}
    for dest in [d for d in out if d.endswith(".js")]:  # the maps are not shipped: no request for them
        out[dest] = re.sub(rb"\n//# sourceMappingURL=\S+\s*$", b"\n", out[dest])
    version = json.loads((nm / "ajv-formats" / "package.json").read_text(encoding="utf-8"))["version"]
    body = out["ajv-formats/formats.js"].decode("utf-8")
    out["ajv-formats/formats.js"] = _CJS_WRAP.format(version=version, body=body).encode("utf-8")
    return out
