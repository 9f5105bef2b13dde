"""Bad-input campaign over every route of the app (enumerated from `app.url_map`).

For each endpoint, hypothesis sends hostile requests as anonymous and as each role: random,
huge and malformed values (script tags, SQL fragments, path traversal, control characters),
wrong content types, forged ids (random, and another user's), forged or missing CSRF tokens.
Every answer must be below 500; no HTML answer may carry a hostile script unescaped; no
answer to someone else may show the victim's name; the victim's saved dossier and upload
chunk are unchanged afterwards. New endpoints of any branch are covered automatically: their
URL arguments come from the access matrix's world (`tests/**/access_entries.py`).
"""

from __future__ import annotations

import hashlib
import io
import os
import re

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ksf_b import create_app
from ksf_b.dossier.models import Dossier
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from media.models.upload import UploadChunk
from media.uploads import put_chunk
from tests.badinput.hostile import (
    CONTENT_TYPES,
    XSS_MARKERS,
    encode_body,
    field_dicts,
    json_values,
    text_values,
)
from tests.ksf_b.journey.support import sign_in
from tests.ksf_b.test_access_matrix import MATRIX, build_world

pytestmark = pytest.mark.badinput

VICTIM_NAME = "Vera Geheimhouder-Slachtoffer"
ATTACKERS = ("anon", "cand", "mgr", "assessor", "admin")
# examples per endpoint (GET-only endpoints; the others get four times as many). CI runs the
# default; a deeper campaign: KSF_BADINPUT_EXAMPLES=50 pytest tests/badinput (docs/testing.md)
EXAMPLES = int(os.environ.get("KSF_BADINPUT_EXAMPLES", "6"))
STATS: list = []


def _endpoints() -> list[str]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()})


ENDPOINTS = _endpoints()
FIELD_RE = re.compile(r'name="([A-Za-z0-9_\-\[\].]{1,60})"')


class Campaign:
    """One world with a victim (the second candidate), signed-in clients and the rules."""

    def __init__(self, app: Flask, make) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.world = build_world(make)
        victim_user = self.world.users["cand2"]
        victim_user.full_name = VICTIM_NAME
        victim = db.session.scalar(
            select(Candidate).where(Candidate.public_id == self.world.ids["cand2"])
        )
        self.victim_dossier = make.dossier(victim, complete=True)
        self.upload = make.upload(owner=victim_user)
        chunk = b"victim chunk bytes"
        put_chunk(self.upload, 0, io.BytesIO(chunk), hashlib.sha256(chunk).hexdigest(), len(chunk))
        db.session.commit()
        self.before = self.snapshot()
        self.clients = {}
        for principal in ATTACKERS:
            client = app.test_client()
            if principal != "anon":
                sign_in(client, self.world.users[principal])
            self.clients[principal] = client
        self.tokens = {p: self._token(c) for p, c in self.clients.items()}
        self.ids = sorted({v for v in self.world.ids.values() if isinstance(v, str)})

    def _token(self, client) -> str:  # type: ignore[no-untyped-def]
        answer = client.get("/api/csrf-token")
        if answer.status_code == 200 and answer.is_json:
            return answer.json["csrf_token"]
        html = client.get("/accounts/login").get_data(as_text=True)
        match = re.search(r'name="csrf-token" content="([^"]+)"', html)
        return match.group(1) if match else ""

    def snapshot(self) -> tuple:
        db.session.expire_all()
        dossier = db.session.get(Dossier, self.victim_dossier.id)
        chunks = db.session.scalars(
            select(UploadChunk).where(UploadChunk.upload_id == self.upload.id)
        ).all()
        return (
            dossier.role_description,
            dossier.motivation,
            dossier.future_goal,
            dossier.revision,
            [(s.kind, s.situation, s.tasks, s.activities, s.result) for s in dossier.stories],
            [(c.index, c.sha256, c.size) for c in chunks],
        )

    def fields_of(self, url: str, principal: str) -> tuple[str, ...]:
        try:
            html = self.clients[principal].get(url).get_data(as_text=True)
        except Exception:  # (a GET that fails is the campaign's finding)
            return ()
        return tuple(sorted(set(FIELD_RE.findall(html)) - {"csrf_token", "csrf-token"}))


def _rule(app: Flask, endpoint: str):  # type: ignore[no-untyped-def]
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def _arg_values(campaign: Campaign, name: str, converter: str) -> st.SearchStrategy:
    known = MATRIX.get(name, ({}, {}))[0]
    if converter == "IntegerConverter":
        return st.one_of(st.integers(min_value=0, max_value=2**62), st.just(1))
    options = st.sampled_from(campaign.ids) if campaign.ids else st.just("x")
    return st.one_of(options, text_values().filter(lambda v: "/" not in v and v), st.just(known))


def check_answer(response, principal: str, what: str) -> None:  # type: ignore[no-untyped-def]
    status = response.status_code
    # PDFs, zips and videos are bytes: read them leniently, as a person's eye would
    text = response.get_data().decode("utf-8", "replace")
    assert status < 500, f"{what}: {status} {text[:300]}"
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        for marker in XSS_MARKERS:
            assert marker not in html, f"{what}: unescaped {marker!r} in the page"
    if principal in ("cand", "mgr", "assessor", "anon"):
        assert VICTIM_NAME not in text, f"{what}: victim's name shown"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_requests_never_break_leak_or_lose(app: Flask, make, endpoint: str) -> None:
    campaign = Campaign(app, make)
    rule = _rule(app, endpoint)
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    known_args = MATRIX.get(endpoint, ({}, {}))[0]
    converters = {name: type(conv).__name__ for name, conv in rule._converters.items()}

    with app.test_request_context():
        from flask import url_for

        base_args = {n: campaign.world.ids.get(v, v) for n, v in known_args.items()}
        try:
            page = url_for(endpoint, **base_args)
        except Exception:
            page = None
    form_fields = campaign.fields_of(page, "admin") if page and "GET" in methods else ()

    args_strategy = st.fixed_dictionaries(
        {name: _arg_values(campaign, endpoint, conv) for name, conv in converters.items()}
    )

    @settings(
        max_examples=EXAMPLES if methods == ["GET"] else 4 * EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        principal=st.sampled_from(ATTACKERS),
        method=st.sampled_from(methods),
        args=args_strategy,
        content_type=st.sampled_from(CONTENT_TYPES),
        fields=field_dicts(form_fields),
        json_body=json_values(),
        raw=st.binary(max_size=2048),
        csrf=st.sampled_from(["valid"] * 6 + ["forged", "missing", "other"]),
        query=field_dicts(()),
    )
    def attack(principal, method, args, content_type, fields, json_body, raw, csrf, query):  # type: ignore[no-untyped-def]
        with app.test_request_context():
            from flask import url_for

            try:
                url = url_for(endpoint, **args)
            except Exception:  # (the value cannot be routed at all)
                return
        client = campaign.clients[principal]
        token = {
            "valid": campaign.tokens[principal],
            "forged": "IjE2ZGU0ZjQ1In0.forged.signature",
            "missing": None,
            "other": campaign.tokens["admin" if principal != "admin" else "cand"],
        }[csrf]
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if token:
            headers["X-CSRFToken"] = token
            if isinstance(fields, dict):
                fields = {**fields, "csrf_token": token}
        body = None if method == "GET" else encode_body(content_type, fields, json_body, raw)
        if method == "PUT" and body is not None:
            headers["X-Chunk-Sha256"] = hashlib.sha256(body).hexdigest()
        response = client.open(url, method=method, data=body, headers=headers, query_string=query)
        STATS.append((endpoint, principal, method, response.status_code))
        check_answer(response, principal, f"{principal} {method} {url} [{content_type}]")

    attack()
    assert campaign.snapshot() == campaign.before, "the victim's saved work changed"


def teardown_module() -> None:
    import collections

    if os.environ.get("KSF_BADINPUT_STATS"):
        print(collections.Counter((e, s) for e, _p, _m, s in STATS))
