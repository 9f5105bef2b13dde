"""Who may use which route: every endpoint of the app is classified here, or this test fails.

Each endpoint is requested as anonymous, as each role, and for object routes as the *other*
candidate / *other* manager. Codes: A allowed (2xx/3xx; a POST may also answer 400/409/422
for its empty body), L login needed (401 or a redirect to the login page), F forbidden (403),
N not found (404: someone else's object, never revealed), P public with a junk token (any
answer below 500 except 401/403), O allowed and may end on the login page (logout).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask import Flask

import tests
from ksf_b.accounts.models import Role
from ksf_b.assessment.models import Response as ScenarioResponse
from ksf_b.assessment.models import Take
from ksf_b.journey.models import CandidateState
from media.models.asset import AssetKind
from tests.conftest import csrf_token
from tests.ksf_b.journey.support import sign_in
from tests.support.access import (
    ADMIN,
    CANDIDATE,
    CANDIDATE_OWNED,
    MEDIA_OWNED,
    PRINCIPALS,
    World,
    everyone,
    logged_in,
    only,
)

# endpoint -> (URL arguments by name of a world object, expected code per principal)
MATRIX: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "static": ({"filename": "css/site.css"}, everyone()),
    "main.home": ({}, logged_in()),
    "main.healthz": ({}, everyone()),
    "main.set_language": ({}, everyone()),
    "csrf_token_json": ({}, logged_in()),
    "accounts.login": ({}, everyone()),
    "accounts.logout": ({}, logged_in(**dict.fromkeys(PRINCIPALS[1:], "O"))),
    "accounts.forgot_password": ({}, everyone()),
    "accounts.accept_invitation": ({"token": "junk"}, everyone("P")),
    "accounts.reset_password": ({"token": "junk"}, everyone("P")),
    # candidate: own dossier, no ids in URLs (always the current user's)
    "dossier.dashboard": ({}, CANDIDATE),
    "dossier.edit": ({}, CANDIDATE),
    "dossier.save": ({}, CANDIDATE),
    "dossier.save_draft": ({}, CANDIDATE),
    "dossier.print_view": ({}, CANDIDATE),
    # manager: own nominees only
    "nomination.dashboard": ({}, only("manager")),
    "nomination.nominate_candidate": ({}, only("manager")),
    "endorsement.edit": ({"candidate_id": "cand"}, only("manager", owner="manager")),
    "endorsement.save_draft": ({"candidate_id": "cand"}, only("manager", owner="manager")),
    "endorsement.submit": ({"candidate_id": "cand"}, only("manager", owner="manager")),
    # KSF admin
    "admin.dashboard": ({}, ADMIN),
    "admin.candidates": ({}, ADMIN),
    "admin.candidate_detail": ({"candidate_id": "cand"}, ADMIN),
    "admin.review": ({"candidate_id": "cand"}, ADMIN),
    "admin.certificate_a": ({"candidate_id": "cand"}, ADMIN),
    "admin.register_candidate": ({}, ADMIN),
    "admin.register_manager": ({}, ADMIN),
    "admin_users.index": ({}, ADMIN),
    "admin_users.invite": ({}, ADMIN),
    "admin_users.deactivate": ({"public_id": "mgr2_user"}, ADMIN),
    "admin_users.reactivate": ({"public_id": "mgr2_user"}, ADMIN),
    "admin_users.resend": ({"public_id": "mgr2_user"}, ADMIN),
    "assessment.settings": ({}, ADMIN),
    "assessment.scenario_list": ({}, ADMIN),
    "assessment.scenario_new": ({}, ADMIN),
    "assessment.scenario_edit": ({"public_id": "scenario"}, ADMIN),
    "assessment.scenario_video": ({"public_id": "scenario"}, ADMIN),
    "assessment.scenario_video_upload": ({"public_id": "scenario"}, ADMIN),
    "assessment.scenario_video_attach": ({"public_id": "scenario"}, ADMIN),
    "assessment.assessment_list": ({}, ADMIN),
    "assessment.assessment_detail": ({"public_id": "cand"}, ADMIN),
    "assessment.assessment_open": ({"public_id": "cand"}, ADMIN),
    "assessment.assessment_window": ({"public_id": "cand"}, ADMIN),
    "assessment.assessment_accommodation": ({"public_id": "cand"}, ADMIN),
    # the candidate's exam: always their own assessment; ids of others' rows are 404
    "exam.overview": ({}, CANDIDATE),
    "exam.consent": ({}, CANDIDATE),
    "exam.device_check": ({}, CANDIDATE),
    "exam.practice": ({}, CANDIDATE),
    "exam.scenario": ({}, CANDIDATE),
    "exam.submit": ({}, CANDIDATE),
    "exam.done": ({}, CANDIDATE),
    "exam.captions": ({"public_id": "scenario"}, CANDIDATE),
    "exam.api_current": ({}, CANDIDATE),
    "exam.api_practice_take": ({}, CANDIDATE),
    "exam.api_play": ({"public_id": "response"}, CANDIDATE_OWNED),
    "exam.api_thinking": ({"public_id": "response"}, CANDIDATE_OWNED),
    "exam.api_open_take": ({"public_id": "response"}, CANDIDATE_OWNED),
    "exam.api_take": ({"public_id": "take"}, CANDIDATE_OWNED),
    "exam.api_confirm": ({"public_id": "take"}, CANDIDATE_OWNED),
    # media: uploads belong to their owner; assets are seen by owner and admin
    "media.upload_status": ({"public_id": "upload"}, MEDIA_OWNED | {"admin": "N"}),
    "media.put_chunk": ({"public_id": "upload", "index": "0"}, MEDIA_OWNED | {"admin": "N"}),
    "media.finalize": ({"public_id": "upload"}, MEDIA_OWNED | {"admin": "N"}),
    # the owner gets 404 here too: local storage takes no direct uploads (the owner's access
    # on S3 is tested in tests/media/test_upload_direct.py)
    "media.chunk_targets": ({"public_id": "upload"}, MEDIA_OWNED | {"admin": "N", "cand": "P"}),
    "media.asset_status": ({"public_id": "asset"}, MEDIA_OWNED),
    "media.asset_video": ({"public_id": "asset"}, MEDIA_OWNED),
    "media.asset_poster": ({"public_id": "asset"}, MEDIA_OWNED),
}

# JSON bodies for POSTs that need one to reach their check (values name world objects)
BODIES = {"assessment.scenario_video_attach": {"upload_id": "admin_upload"}}


def _domain_modules() -> list:
    """Every `tests/**/access_entries.py`: each domain classifies its own routes there."""
    found = []
    for info in pkgutil.walk_packages(tests.__path__, "tests."):
        if info.name.rsplit(".", 1)[-1] == "access_entries":
            found.append(importlib.import_module(info.name))
    return found


DOMAINS = _domain_modules()
for _module in DOMAINS:
    _clash = set(MATRIX) & set(_module.ENTRIES)
    assert not _clash, f"{_module.__name__} classifies endpoints twice: {sorted(_clash)}"
    MATRIX.update(_module.ENTRIES)
    BODIES.update(getattr(_module, "BODIES", {}))


def build_world(make) -> World:  # type: ignore[no-untyped-def]
    world = World()
    scenario = make.scenario(position=1)
    for suffix in ("", "2"):
        manager = make.manager()
        candidate = make.candidate(
            manager=manager, state=CandidateState.ASSESSMENT_INVITED, holds_a=True
        )
        assessment = make.assessment(candidate)
        world.users["mgr" + suffix] = manager
        world.users["cand" + suffix] = candidate.user
        world.ids["cand" + suffix] = candidate.public_id
        world.ids[f"mgr{suffix}_user"] = manager.public_id
        if not suffix:
            response = make._save(ScenarioResponse(assessment=assessment, scenario=scenario))
            asset = make.ready_asset(b"not really mp4", b"poster", owner=candidate.user)
            take = make._save(Take(response=response, number=1, asset=asset))
            upload = make.upload(owner=candidate.user)
            world.ids.update(
                response=response.public_id,
                take=take.public_id,
                asset=take.asset.public_id,
                upload=upload.public_id,
            )
    world.users["assessor"] = make.user(Role.ASSESSOR)
    world.users["admin"] = make.user(Role.ADMIN)
    world.ids["admin_upload"] = make.upload(world.users["admin"], AssetKind.SCENARIO).public_id
    world.ids["scenario"] = scenario.public_id
    for module in DOMAINS:
        if hasattr(module, "extend_world"):
            module.extend_world(make, world)
    return world


def rule_of(app: Flask, endpoint: str):  # type: ignore[no-untyped-def]
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def test_every_endpoint_is_classified(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(MATRIX))
    assert not missing, f"classify these endpoints in MATRIX: {missing}"
    stale = sorted(set(MATRIX) - endpoints)
    assert not stale, f"endpoints in MATRIX that no longer exist: {stale}"


def check(code: str, response, method: str) -> bool:  # type: ignore[no-untyped-def]
    status = response.status_code
    location = response.headers.get("Location", "")
    to_login = status in (302, 303) and "/accounts/login" in location
    if code == "L":
        return status == 401 or to_login
    if code == "F":
        return status == 403
    if code == "N":
        return status == 404
    if code == "P":
        return status < 500 and status not in (401, 403)
    if code == "O":
        return 200 <= status < 400
    if to_login:
        return False
    if method == "GET":
        return 200 <= status < 400
    return 200 <= status < 400 or status in (400, 409, 411, 413, 415, 422)


# admins last: some of their actions (deactivate, logout) would change the world for others
ORDER = ("anon", "cand2", "mgr2", "assessor", "mgr", "cand", "admin")


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access(app: Flask, make, endpoint: str) -> None:
    if endpoint not in {rule.endpoint for rule in app.url_map.iter_rules()}:
        pytest.skip("not routed (reported by test_every_endpoint_is_classified)")
    args, expected = MATRIX[endpoint]
    world = build_world(make)
    rule = rule_of(app, endpoint)
    methods = rule.methods - {"HEAD", "OPTIONS"}
    method = "GET" if "GET" in methods else sorted(methods)[0]
    url_args = {name: world.ids.get(value, value) for name, value in args.items()}
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **url_args)
    wrong = []
    for principal in ORDER:
        client = app.test_client()
        headers = {}
        if principal != "anon":
            sign_in(client, world.users[principal])
        if method != "GET":
            headers["X-CSRFToken"] = token_for(client, principal)
        body = {k: world.ids.get(v, v) for k, v in BODIES.get(endpoint, {}).items()}
        response = client.open(url, method=method, headers=headers, json=body or None)
        if not check(expected[principal], response, method):
            wrong.append((principal, expected[principal], response.status_code))
    assert not wrong, f"{endpoint} {method} {url}: (who, expected, got) {wrong}"


def token_for(client, principal: str) -> str:  # type: ignore[no-untyped-def]
    if principal == "anon":
        return csrf_token(client, "/accounts/login")
    return client.get("/api/csrf-token").json["csrf_token"]
