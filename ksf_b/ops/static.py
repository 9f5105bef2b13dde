"""Static files under content-hashed names with a year-long, immutable cache.

At start-up a manifest maps every file under `static/` to a name carrying the first 12 hex
digits of its SHA-256 (`js/exam.js` → `js/exam.3f2a9c1b7d4e.js`). `url_for('static', …)`
returns the hashed name, so templates stay unchanged; a new deploy changes the name of every
file whose bytes changed, and browsers and proxies may keep the old ones forever.

The unhashed name keeps working with `Cache-Control: no-cache` (revalidated by ETag): that is
what the ES modules' relative imports (`import … from "./recorder.js"`) fetch, so they are
never stale. Why not whitenoise: it serves hashed names only together with Django's manifest
storage; for Flask it would still need this manifest, and gunicorn would serve the files
through the same Python path. In production nginx serves `/static/` from disk with the same
headers (docs/deploy.md), and the app's route is the fallback.

`STATIC_HASHED_NAMES` (default on; off in development, where files change while it runs).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, abort, current_app, send_from_directory
from werkzeug.wrappers import Response

YEAR = 365 * 24 * 3600


def build_manifest(folder: Path) -> dict[str, str]:
    """Map each file's relative path (with /) to its hashed name."""
    manifest: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(folder).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        name = Path(relative)
        manifest[relative] = name.with_name(f"{name.stem}.{digest}{name.suffix}").as_posix()
    return manifest


def init_app(app: Flask) -> None:
    if not app.config.get("STATIC_HASHED_NAMES", True) or not app.static_folder:
        return
    manifest = build_manifest(Path(app.static_folder))
    originals = {hashed: name for name, hashed in manifest.items()}
    app.extensions["static_manifest"] = manifest
    app.extensions["static_originals"] = originals

    @app.url_defaults
    def hashed_name(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    app.view_functions["static"] = serve_static


def serve_static(filename: str) -> Response:
    """Serve a hashed name as immutable, an original name as revalidate-every-time."""
    folder = current_app.static_folder
    assert folder is not None
    original = current_app.extensions["static_originals"].get(filename)
    name = original or filename
    if os.sep != "/" and os.sep in name:
        abort(404)
    response = send_from_directory(folder, name, max_age=YEAR if original else 0)
    if original:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response
