"""Hostile values and request shapes for the bad-input campaign (hypothesis strategies)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from hypothesis import strategies as st

XSS_MARKERS = ("<script>ksf_xss(", "<img src=x onerror=ksf_xss(", "<svg onload=ksf_xss(")
HOSTILE_TEXT = (
    "<script>ksf_xss(1)</script>",
    '"><img src=x onerror=ksf_xss(2)>',
    "'><svg onload=ksf_xss(3)>",
    "javascript:ksf_xss(4)",
    "' OR '1'='1' --",
    "1; DROP TABLE users; --",
    "1 UNION SELECT password_hash FROM users",
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd\x00.webm",
    "\x00\x01\x02\x1b[31m\x7f",
    "\u202eexe.webm",
    "\ud7ff\ufeff\u200b",
    "%s%s%s%n",
    "{{ 7*7 }}{% raw %}",
    "${jndi:ldap://127.0.0.1/x}",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "",
    " ",
    "A" * 70_000,
    "é" * 5_000,
    "😀" * 2_000,
)
FIELD_NAMES = (
    "email", "password", "password2", "full_name", "name", "text", "value", "answer", "score",
    "level", "competency", "code", "comment", "note", "reason", "decision", "version",
    "revision", "upload_id", "chunk_count", "sha256", "mime", "lang", "next", "title",
    "situation", "instructions", "position", "max_plays", "thinking_seconds", "answer_seconds",
    "window_days", "reminder_days", "starts_at", "ends_at", "company", "date_of_birth",
    "role_description", "motivation", "future_goal", "years_in_contact_centres", "fields",
    "item", "choice", "choices", "at_seconds", "not_ratable_reason", "public_id", "id",
)  # fmt: skip
CONTENT_TYPES = (
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=ksfboundary",
    "application/json",
    "application/json; charset=utf-7",
    "application/octet-stream",
    "text/plain",
    "text/html",
    "application/xml",
    None,
)


def text_values() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=300),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def json_values() -> st.SearchStrategy:
    scalars = st.one_of(
        text_values(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=4),
        ),
        max_leaves=8,
    )


def field_dicts(names: tuple[str, ...]) -> st.SearchStrategy:
    keys = st.sampled_from(names + FIELD_NAMES) if names else st.sampled_from(FIELD_NAMES)
    return st.dictionaries(keys, text_values(), max_size=12)


def multipart(fields: dict[str, str]) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--ksfboundary\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(
        '--ksfboundary\r\nContent-Disposition: form-data; name="file"; '
        'filename="../../../etc/passwd<script>.webm"\r\nContent-Type: video/webm\r\n\r\n'
        "not a video\r\n"
    )
    parts.append("--ksfboundary--\r\n")
    return "".join(parts).encode("utf-8", "surrogatepass")


def encode_body(content_type: str | None, fields: dict, json_body: object, raw: bytes) -> bytes:
    """The body for a content type: the same hostile fields in the shape the type announces."""
    if content_type is None or content_type == "application/octet-stream":
        return raw
    if content_type.startswith("multipart/"):
        return multipart(fields)
    if content_type.startswith("application/json"):
        return json.dumps(json_body).encode()
    if content_type == "application/x-www-form-urlencoded":
        return urlencode(fields).encode("utf-8", "surrogatepass")
    return "\n".join(f"{k}={v}" for k, v in fields.items()).encode("utf-8", "surrogatepass")
