"""Certificate numbers and check codes (pure: no database)."""

from __future__ import annotations

import re
import secrets

from certificates.programmes import Programme

# No 0/O, 1/I/L: the check code is typed over from paper.
CHECK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECK_LENGTH = 8
NUMBER_RE = re.compile(r"^KSF-(A|B|CHAT)-(\d{4})-(\d{6})$")


def format_number(programme: Programme, year: int, sequence: int) -> str:
    """KSF-B-2026-000123: programme, year of issue, a gap-free sequence within that year."""
    return f"KSF-{Programme(programme).value}-{year:04d}-{sequence:06d}"


def parse_number(number: str) -> tuple[Programme, int, int] | None:
    """Split a number into (programme, year, sequence), or None when it is not one."""
    match = NUMBER_RE.match(number.strip().upper())
    if match is None:
        return None
    return Programme(match.group(1)), int(match.group(2)), int(match.group(3))


def new_check_code() -> str:
    """A random code printed on the certificate; with the number it proves possession."""
    return "".join(secrets.choice(CHECK_ALPHABET) for _ in range(CHECK_LENGTH))


def normalise_check_code(code: str) -> str:
    """What people type: ignore case, spaces and dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()
