"""Privacy operations: settings, consent, retention sweeps and erasure on request.

They change state and write the audit entry; callers (views, the periodic task) commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.db_types import new_public_id, utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from ksf_b.periods import as_utc
from ksf_b.privacy import rules
from ksf_b.privacy.consent import CONSENT_TEXT_VERSION, consent_text_sha256
from ksf_b.privacy.material import Material, delete_material, material_of
from ksf_b.privacy.models import ConsentRecord, PrivacySettings
from media import direct
from media.models.upload import UploadChunk, UploadSession, UploadState
from media.storage import get_storage

log = logging.getLogger(__name__)

ERASED_NAME = "Gewiste kandidaat"


def get_settings() -> PrivacySettings:
    """Return the settings row, created with the documented defaults on first use."""
    return PrivacySettings.load(
        retention_months=current_app.config["RECORDING_RETENTION_MONTHS"], stale_upload_days=7
    )


def update_settings(actor: User, retention_months: int, stale_upload_days: int) -> None:
    """Change the retention rules (validated by the form) and audit the change."""
    settings = get_settings()
    before = {
        "retention_months": settings.retention_months,
        "stale_upload_days": settings.stale_upload_days,
    }
    settings.retention_months = retention_months
    settings.stale_upload_days = stale_upload_days
    after = {"retention_months": retention_months, "stale_upload_days": stale_upload_days}
    db.session.flush()
    audit.record(
        "privacy.settings_changed",
        actor=actor,
        subject="privacy_settings",
        details={"before": before, "after": after},
    )


def record_consent(user: User, purpose: str) -> ConsentRecord:
    """Store that `user` agreed to the current consent text (its version and hash)."""
    months = get_settings().retention_months
    consent = ConsentRecord(
        user=user,
        purpose=purpose,
        text_version=CONSENT_TEXT_VERSION,
        text_sha256=consent_text_sha256(months),
    )
    db.session.add(consent)
    db.session.flush()
    audit.record(
        "privacy.consent_given",
        actor=user,
        subject=audit.subject_of(user),
        details={
            "purpose": purpose,
            "version": consent.text_version,
            "sha256": consent.text_sha256,
        },
    )
    return consent


# --- retention -----------------------------------------------------------------------------


@dataclass
class PlannedDeletion:
    """One released candidate's material and when retention deletes it."""

    candidate: Candidate
    released_at: datetime
    due_at: datetime
    material: Material

    def is_due(self, now: datetime) -> bool:
        return now >= self.due_at


def released_candidates() -> list[tuple[Candidate, datetime]]:
    """Candidates whose result is released, with the moment of (the last) release."""
    released = (
        select(JourneyEvent.candidate_id, func.max(JourneyEvent.created_at).label("at"))
        .where(JourneyEvent.to_state == str(CandidateState.RESULT_RELEASED))
        .group_by(JourneyEvent.candidate_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Candidate, released.c.at)
        .join(released, released.c.candidate_id == Candidate.id)
        .where(Candidate.state == CandidateState.RESULT_RELEASED)
        .order_by(released.c.at)
    )
    return [(candidate, as_utc(at)) for candidate, at in rows]


def retention_plan() -> list[PlannedDeletion]:
    """Every released candidate who still has material, with its deletion date (dry run)."""
    months = get_settings().retention_months
    plan = []
    for candidate, released_at in released_candidates():
        material = material_of(candidate)
        if material.is_empty:
            continue
        due = rules.deletion_due(released_at, months)
        plan.append(PlannedDeletion(candidate, released_at, due, material))
    return plan


def stale_uploads(now: datetime) -> list[UploadSession]:
    """Open uploads older than the setting, with chunks but none received since."""
    cutoff = rules.stale_before(now, get_settings().stale_upload_days)
    newest = (
        select(UploadChunk.upload_id, func.max(UploadChunk.created_at).label("last"))
        .group_by(UploadChunk.upload_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(UploadSession)
            .join(newest, newest.c.upload_id == UploadSession.id)
            .where(
                UploadSession.state == UploadState.OPEN,
                UploadSession.created_at < cutoff,
                newest.c.last < cutoff,
            )
            .order_by(UploadSession.id)
        )
    )


@dataclass
class SweepResult:
    candidates: int = 0
    uploads: int = 0


def run_retention(now: datetime | None = None) -> SweepResult:
    """Delete the material of candidates past retention and abandoned upload chunks.

    Commits after each candidate, so one that fails does not hold back the others.
    """
    now = now or utcnow()
    result = SweepResult()
    for planned in retention_plan():
        if not planned.is_due(now):
            continue
        summary = planned.material.summary()
        delete_material(planned.material)
        audit.record(
            "privacy.retention_deleted",
            actor=None,
            subject=audit.subject_of(planned.candidate),
            details={**summary, "released_at": planned.released_at.isoformat()},
        )
        db.session.commit()
        result.candidates += 1
    storage = get_storage()
    for upload in stale_uploads(now):
        count = len(upload.chunks)
        for chunk in upload.chunks:
            storage.delete(chunk.storage_key)
        upload.chunks.clear()  # the session stays open: the browser may send them again
        _record_stale(upload, count)
        result.uploads += 1
    for upload, stale_keys in stale_direct_chunks(now):
        storage.delete_many(stale_keys)
        _record_stale(upload, len(stale_keys))
        result.uploads += 1
    return result


def _record_stale(upload: UploadSession, count: int) -> None:
    audit.record(
        "privacy.stale_uploads_deleted",
        actor=None,
        subject=audit.subject_of(upload),
        details={"chunks": count},
    )
    db.session.commit()


def stale_direct_chunks(now: datetime) -> list[tuple[UploadSession, list[str]]]:
    """Open uploads whose chunks went straight to the store (no rows), none written since.

    Their age comes from the store's listing (LastModified), one listing per old open upload.
    """
    if not get_storage().supports_direct_upload:
        return []
    cutoff = rules.stale_before(now, get_settings().stale_upload_days)
    has_rows = select(UploadChunk.id).where(UploadChunk.upload_id == UploadSession.id).exists()
    candidates = db.session.scalars(
        select(UploadSession)
        .where(
            UploadSession.state == UploadState.OPEN,
            UploadSession.created_at < cutoff,
            ~has_rows,
        )
        .order_by(UploadSession.id)
    )
    found = []
    for upload in candidates:
        listed = direct.listed_chunks(upload).values()
        if listed and all(as_utc(item.modified) < cutoff for item in listed):
            found.append((upload, [item.key for item in listed]))
    return found


# --- erasure on request --------------------------------------------------------------------


def erase_candidate(candidate: Candidate, actor: User, reason: str) -> dict[str, int]:
    """Erase a candidate's personal data on their request; verdict and certificates stay.

    Recordings, uploads and dossier are deleted as retention would; the endorsement is
    deleted; the account is anonymised and closed; the date of birth keeps only its year. The
    free text admins typed about the case (the reasons on its journey events and the part 1
    decision) is emptied: it may name the person; the transitions themselves stay.
    """
    material = material_of(candidate)
    summary = material.summary()
    delete_material(material)
    from ksf_b.endorsement.models import Endorsement

    endorsement = db.session.scalar(
        select(Endorsement).where(Endorsement.candidate_id == candidate.id)
    )
    if endorsement is not None:
        db.session.delete(endorsement)
    for consent in db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.user_id == candidate.user_id)
    ):
        db.session.delete(consent)
    reasons = _erase_typed_reasons(candidate)
    for domain in material.domains:
        if domain.erase is not None:
            domain.erase()
    user = candidate.user
    user.full_name = ERASED_NAME
    user.email = f"gewist-{user.public_id}@invalid.example"
    user.password_hash = None
    user.is_active_account = False
    user.security_stamp = new_public_id()
    candidate.current_role = ""
    candidate.date_of_birth = date(candidate.date_of_birth.year, 1, 1)
    db.session.flush()
    audit.record(
        "privacy.erased",
        actor=actor,
        subject=audit.subject_of(candidate),
        details={
            **summary,
            "endorsement": int(endorsement is not None),
            "typed_reasons": reasons,
            "reason": reason,
        },
    )
    return summary


def _erase_typed_reasons(candidate: Candidate) -> int:
    """Empty the free-text reasons on the case's journey and its part 1 decision; count them."""
    erased = 0
    for event in candidate.events:
        if event.reason:
            event.reason = None
            erased += 1
    if candidate.decision_reason:
        candidate.decision_reason = None
        erased += 1
    return erased
