"""Password hashing: Argon2id with OWASP's parameters; older hashes are upgraded at login.

OWASP's Password Storage Cheat Sheet puts Argon2id first, at least 19 MiB of memory, 2
iterations, parallelism 1. werkzeug's default before (scrypt N=2^15, r=8, p=1) is below
OWASP's own scrypt minimum for that N (p=3) and cost about four times the CPU per login here,
which an exam day's login storm pays at once (docs/performance.md). Hashes of werkzeug's
formats (scrypt, pbkdf2) still verify, and `needs_rehash` says when to store a new one.

Settings (environment, with these defaults): ARGON2_TIME_COST 2, ARGON2_MEMORY_KIB 19456,
ARGON2_PARALLELISM 1. PASSWORD_HASH_METHOD names the method for new hashes: "argon2id", or
one of werkzeug's ("pbkdf2:sha256:1000" keeps the tests fast).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

ARGON2 = "argon2id"


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=int(config.get("ARGON2_TIME_COST", 2)),
        memory_cost=int(config.get("ARGON2_MEMORY_KIB", 19456)),
        parallelism=int(config.get("ARGON2_PARALLELISM", 1)),
    )


def _method() -> str:
    return str(current_app.config.get("PASSWORD_HASH_METHOD", ARGON2))


def hash_password(password: str) -> str:
    """A new hash of `password` with the configured method."""
    if _method() == ARGON2:
        return _hasher().hash(password)
    return generate_password_hash(password, method=_method())


def verify_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored` (Argon2 or werkzeug format); never raises."""
    if not stored:
        return False
    if stored.startswith("$argon2"):
        try:
            return _hasher().verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    try:
        return check_password_hash(stored, password)
    except ValueError:  # an unknown or damaged hash matches nothing
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a verified hash should be replaced: another method, or weaker parameters."""
    if _method() != ARGON2:
        return False
    if not stored.startswith("$argon2"):
        return True
    try:
        return _hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True
