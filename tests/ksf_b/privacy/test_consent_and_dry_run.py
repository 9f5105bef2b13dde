"""Consent stored with the version and hash of its text; the admin's dry run and settings."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.audit.models import AuditEntry
from ksf_b.db_types import utcnow
from ksf_b.journey.models import CandidateState
from ksf_b.privacy.consent import CONSENT_TEXT_VERSION, consent_text_sha256
from ksf_b.privacy.models import ConsentRecord, PrivacySettings
from tests.ksf_b.journey.support import body, post_form, sign_in


def test_consent_is_stored_with_text_version_and_hash(client, make, db) -> None:
    candidate = make.candidate(state=CandidateState.ASSESSMENT_INVITED, holds_a=True)
    make.assessment(candidate, prepared=False)
    sign_in(client, candidate.user)
    page = body(client.get("/assessment/toestemming"))
    assert "12 maanden na de uitslag" in page  # the retention setting's default
    response = post_form(client, "/assessment/toestemming", {"agree": "yes"})
    assert response.status_code == 302
    consent = db.session.scalars(select(ConsentRecord)).one()
    assert consent.user_id == candidate.user_id
    assert consent.purpose == "recordings"
    assert consent.text_version == CONSENT_TEXT_VERSION
    assert consent.text_sha256 == consent_text_sha256(12)
    assert consent_text_sha256(12) != consent_text_sha256(6)  # the period is part of the text
    assert "privacy.consent_given" in db.session.scalars(select(AuditEntry.action)).all()
    assert "versie 2026-12" in body(client.get("/mijn-gegevens/"))


def test_dry_run_lists_what_is_deleted_when(client, make, db) -> None:
    due = make.released_candidate(utcnow() - timedelta(days=400))
    later = make.released_candidate(utcnow() - timedelta(days=100))
    nothing = make.released_candidate(utcnow() - timedelta(days=500))  # nothing left to delete
    for candidate in (due, later):
        make.dossier(candidate, submitted=True)
    sign_in(client, make.user(Role.ADMIN))
    page = body(client.get("/admin/privacy/"))
    assert due.user.full_name in page and later.user.full_name in page
    assert nothing.user.full_name not in page
    assert page.count("bij de volgende ronde") == 1
    assert 'value="12"' in page and 'value="7"' in page


def test_admin_changes_the_retention_settings(client, make, db) -> None:
    admin = make.user(Role.ADMIN)
    sign_in(client, admin)
    bad = post_form(
        client,
        "/admin/privacy/instellingen",
        {"retention_months": "0", "stale_upload_days": "7"},
        token_from="/admin/privacy/",
    )
    assert bad.status_code == 422
    assert "Kies een waarde tussen 1 en 120." in body(bad)
    good = post_form(
        client,
        "/admin/privacy/instellingen",
        {"retention_months": "24", "stale_upload_days": "3"},
        token_from="/admin/privacy/",
    )
    assert good.status_code == 302
    db.session.expire_all()
    settings = db.session.get(PrivacySettings, 1)
    assert (settings.retention_months, settings.stale_upload_days) == (24, 3)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "privacy.settings_changed")
    ).one()
    assert entry.details["after"] == {"retention_months": 24, "stale_upload_days": 3}


def test_search_finds_a_candidate_for_a_request(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, make.user(Role.ADMIN))
    page = body(client.get(f"/admin/privacy/?zoek={candidate.user.email[:9]}"))
    assert candidate.user.full_name in page
    assert f"/admin/privacy/kandidaten/{candidate.public_id}/wissen" in page
