"""Certificate numbers and check codes (pure functions)."""

from __future__ import annotations

from certificates.numbering import (
    CHECK_ALPHABET,
    CHECK_LENGTH,
    format_number,
    new_check_code,
    normalise_check_code,
    parse_number,
)
from certificates.programmes import Programme


def test_number_names_programme_year_and_a_six_digit_sequence() -> None:
    assert format_number(Programme.B, 2026, 123) == "KSF-B-2026-000123"
    assert format_number(Programme.CHAT, 2027, 1) == "KSF-CHAT-2027-000001"


def test_parse_is_the_inverse_and_refuses_other_text() -> None:
    assert parse_number("ksf-a-2026-000042") == (Programme.A, 2026, 42)
    assert parse_number("KSF-X-2026-000042") is None
    assert parse_number("KSF-B-2026-42") is None


def test_check_codes_avoid_look_alike_characters() -> None:
    codes = {new_check_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CHECK_LENGTH
        assert set(code) <= set(CHECK_ALPHABET)
        assert not set(code) & set("01OIL")


def test_typed_codes_are_normalised() -> None:
    assert normalise_check_code(" ab2c-d3ef ") == "AB2CD3EF"
