"""One voice in the Dutch interface: "je", never "u"/"uw" (docs/copy-guide.md)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_translations import _extracted_ids

# "u"/"uw" as whole words only: "uur", "bureau", "nu", "uitnodiging" are fine.
FORMAL = re.compile(r"\b(?:u|uw|uzelf)\b", re.IGNORECASE)


def formal_words(text: str) -> list[str]:
    """Return the formal forms of address in `text` (placeholders like %(u)s do not count)."""
    return FORMAL.findall(re.sub(r"%\([^)]*\)[sd]|\{[^}]*\}", "", text))


def test_formal_words_are_found_but_words_containing_u_are_not() -> None:
    assert formal_words("Heeft u uw wachtwoord?") == ["u", "uw"]
    assert formal_words("U kunt nu verder; Uw tekst") == ["U", "Uw"]
    assert formal_words("Over een uur: uitnodiging, bureau, nu, Utrecht, u-bocht") == ["u"]
    assert formal_words("Je kunt nu verder met %(u)s binnen 1 uur.") == []


def test_no_formal_address_in_the_dutch_source_strings(tmp_path: Path) -> None:
    offending = sorted(i for i in _extracted_ids(tmp_path) if formal_words(i))
    assert not offending, f"use 'je'/'jouw' (docs/copy-guide.md): {offending[:10]}"
