"""Pure rules of the accounts domain: password policy and safe redirects."""

from __future__ import annotations

import pytest

from ksf_b.accounts.navigation import safe_next
from ksf_b.accounts.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("kort", "minstens 10 tekens"),
        ("123456789", "minstens 10 tekens"),
        ("x" * 201, "hoogstens 200 tekens"),
        (" " * 12, "spaties"),
        ("ababababab", "te eenvoudig"),
        ("jan@example.nl", "e-mailadres"),
        ("JAN@EXAMPLE.NL", "e-mailadres"),
        ("jan.jansen", "e-mailadres"),  # the local part of the address
    ],
)
def test_password_problems_are_named_in_dutch(app_ctx, password, problem):
    email = "jan.jansen@example.nl" if password == "jan.jansen" else "jan@example.nl"
    found = password_problem(password, email)
    assert found is not None
    assert problem in found


@pytest.mark.parametrize("password", ["een rustige zin met woorden", "Tien-tekens", "xyza" * 50])
def test_acceptable_passwords(app_ctx, password):
    assert password_problem(password, "jan@example.nl") is None


@pytest.mark.parametrize(
    "target", ["/", "/dossier/", "/admin/gebruikers/?rol=admin", "/a/b?next=//x"]
)
def test_local_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "dossier",
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\\/evil.example",
        "javascript:alert(1)",
        "/pad\r\nSet-Cookie: x=1",
        "/" + "a" * 2001,
    ],
)
def test_other_targets_are_refused(target):
    assert safe_next(target) is None
