"""Every Dutch source string has an English translation, and English pages use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "ksf_b" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _extracted_ids(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_english_catalogue_covers_every_source_string(tmp_path: Path) -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_extracted_ids(tmp_path) - translated)
    assert not missing, f"untranslated (run `make messages`, then translate): {missing[:20]}"


def test_language_switch_shows_english_text(client) -> None:
    token = csrf_token(client, "/accounts/login")
    client.post("/taal", data={"lang": "en", "next": "/accounts/login", "csrf_token": token})
    html = client.get("/accounts/login").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "E-mailadres" not in html
