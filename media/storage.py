"""Object storage. PLACEHOLDER interface, replaced by the media pipeline work."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def health(self) -> tuple[bool, str]:
        return self.root.is_dir(), str(self.root)


def init_storage(app: Flask) -> None:
    app.extensions["ksf_storage"] = LocalStorage(app.config["STORAGE_LOCAL_ROOT"])


def get_storage() -> LocalStorage:
    return current_app.extensions["ksf_storage"]
