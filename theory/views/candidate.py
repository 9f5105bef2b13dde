"""The candidate's A test: start page with the rules and the aid, one item per page, overview,
hand-in and result; a small JSON API for autosave (docs/autosave.md) and the heartbeat.

Every route needs the candidate role and works only on the candidate's own sittings (anything
else is a 404). The server's clock decides; the page only shows the server's remaining seconds.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ksf_b import autosave
from ksf_b.accounts.models import Role, User
from ksf_b.autosave import json_error, json_role_required
from ksf_b.errors import error_response
from ksf_b.extensions import db, limiter
from ksf_b.security import roles_required
from theory import bank, operations
from theory.forms import StartForm
from theory.models import Enrolment, Sitting, SittingItem, SittingStatus
from theory.terms import EINDTERMEN, eindterm_text, toetsterm_text

bp = Blueprint("theory", __name__, url_prefix="/toets-a")
json_candidate_only = json_role_required(Role.CANDIDATE)
candidate_only = roles_required(Role.CANDIDATE)
START_RATE_LIMIT = "20 per minute"  # guessing access codes is slow


def _start_key() -> str:
    """Count start attempts per account: a whole exam room shares one address (NAT)."""
    if current_user.is_authenticated:
        return f"theory-start:{current_user.id}"
    return f"theory-start-ip:{get_remote_address()}"


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _client() -> tuple[str | None, str | None]:
    return request.remote_addr, request.headers.get("User-Agent")


def _enrolment() -> Enrolment | None:
    return operations.enrolment_for(_user())


def _own_sitting(public_id: str) -> Sitting:
    sitting = db.session.scalar(select(Sitting).where(Sitting.public_id == public_id))
    if sitting is None or sitting.enrolment.user_id != _user().id:
        abort(404)
    return sitting


def _item(sitting: Sitting, position: int) -> SittingItem:
    if not 1 <= position <= len(sitting.items):
        abort(404)
    return sitting.items[position - 1]


def _close_if_overdue(sitting: Sitting) -> None:
    """A sitting past its deadline plus grace is closed now (the worker would do it shortly)."""
    if sitting.status is SittingStatus.IN_PROGRESS and not operations.accepts_answers(
        sitting, operations.utcnow()
    ):
        operations.close_overdue()
        db.session.commit()


@bp.errorhandler(operations.TheoryError)
def _refused(error: operations.TheoryError):  # type: ignore[no-untyped-def]
    db.session.rollback()
    if request.path.startswith("/toets-a/api/"):
        return jsonify(error=error.message, code=error.code, status=error.status), error.status
    return error_response(error.status, error.message)


@bp.get("/")
@candidate_only
def home(code_error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    """Where the candidate stands with the A test; the rules and the start form."""
    enrolment = _enrolment()
    db.session.commit()
    cfg = bank.settings()
    allowed, reason, earliest = (
        operations.next_start_allowed(enrolment) if enrolment else (False, None, None)
    )
    return render_template(
        "theory/home.html",
        enrolment=enrolment,
        settings=cfg,
        running=operations.running_sitting(enrolment) if enrolment else None,
        allowed=allowed,
        reason=reason,
        earliest=earliest,
        form=StartForm(),
        item_count=sum(bank.blueprint().values()),
        code_error=code_error,
    ), status


@bp.post("/start")
@limiter.limit(START_RATE_LIMIT, methods=["POST"], key_func=_start_key)
@candidate_only
def start() -> Response | tuple[str, int]:
    """Start (with the session code) or resume the sitting, then show its current item."""
    enrolment = _enrolment()
    if enrolment is None:
        abort(404)
    running = operations.running_sitting(enrolment)
    form = StartForm()
    if running is None and not form.validate_on_submit():
        db.session.rollback()
        return home(_("Vul de toegangscode van de sessie in."), 400)
    try:
        sitting = operations.start_sitting(enrolment, form.code.data or "", _user(), *_client())
    except operations.TheoryError as error:
        db.session.rollback()  # the refusal (wrong code, closed session) next to the field
        return home(error.message, error.status)
    db.session.commit()
    return redirect(
        url_for("theory.item", public_id=sitting.public_id, position=sitting.current_position)
    )


@bp.get("/hulpmiddel")
@candidate_only
def aid() -> str:
    """The aid of the test ("checklist vereisten"), also shown on every item page."""
    return render_template("theory/aid.html", settings=bank.settings())


def _sitting_context(sitting: Sitting) -> dict[str, Any]:
    return {
        "sitting": sitting,
        "remaining": operations.remaining_seconds(sitting),
        "answered": {i.position for i in sitting.items if operations.is_answered(i)},
        "flagged": {i.position for i in sitting.items if i.flagged},
        "settings": bank.settings(),
    }


@bp.get("/zitting/<public_id>/vraag/<int:position>")
@candidate_only
def item(public_id: str, position: int) -> str | Response:
    """One item of the running sitting."""
    sitting = _own_sitting(public_id)
    _close_if_overdue(sitting)
    if not sitting.status.running:
        return redirect(url_for("theory.result", public_id=public_id))
    current = _item(sitting, position)
    operations.visit(sitting, position, *_client())
    page = render_template(
        "theory/item.html",
        item=current,
        version=current.version,
        choices=operations.shown_choices(current),
        position=position,
        toetsterm=toetsterm_text(current.version.item.toetsterm),
        **_sitting_context(sitting),
    )
    db.session.commit()  # after rendering: a commit expires every loaded row (a reload each)
    return page


@bp.get("/zitting/<public_id>/overzicht")
@candidate_only
def overview(public_id: str) -> str | Response:
    """All items with answered/flagged marks, before handing in."""
    sitting = _own_sitting(public_id)
    _close_if_overdue(sitting)
    if not sitting.status.running:
        return redirect(url_for("theory.result", public_id=public_id))
    return render_template("theory/overview.html", **_sitting_context(sitting))


@bp.post("/zitting/<public_id>/inleveren")
@candidate_only
def submit(public_id: str) -> Response:
    sitting = _own_sitting(public_id)
    operations.submit(sitting, _user())
    db.session.commit()
    return redirect(url_for("theory.result", public_id=public_id))


@bp.get("/zitting/<public_id>/uitslag")
@candidate_only
def result(public_id: str) -> str | Response:
    """The outcome: total, pass or fail by the cut score, and the score per eindterm."""
    sitting = _own_sitting(public_id)
    _close_if_overdue(sitting)
    if sitting.status.running:
        return redirect(
            url_for("theory.item", public_id=public_id, position=sitting.current_position)
        )
    per = [
        (term.code, term.text, *(sitting.eindterm_scores or {}).get(term.code, (0, 0)))
        for term in EINDTERMEN
    ]
    return render_template(
        "theory/result.html",
        sitting=sitting,
        per_eindterm=per,
        eindterm_text=eindterm_text,
        candidate=sitting.enrolment.candidate,
        certificates_url=url_for("certificates.mine")
        if "certificates.mine" in current_app.view_functions
        else None,
    )


# --- JSON API -------------------------------------------------------------------------------


@bp.post("/api/zitting/<public_id>/vraag/<int:position>")
@json_candidate_only
def save_answer(public_id: str, position: int) -> autosave.JsonAnswer:
    """Autosave of one item's answer and flag (docs/autosave.md contract)."""
    sitting = _own_sitting(public_id)
    current = _item(sitting, position)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
        db.session.rollback()
        return autosave.bad_body()
    revision = body.get("revision")
    if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
        db.session.rollback()
        return json_error(400, _("Ongeldig verzoek."), code="bad_request")
    if revision is not None and revision < current.revision and sitting.status.running:
        db.session.rollback()
        return autosave.stale(
            current.revision, _("Er is intussen een nieuwer antwoord opgeslagen.")
        )
    saved, refused = operations.save_fields(current, body["fields"], revision)
    db.session.flush()
    answer = {
        "revision": current.revision,
        "saved": saved,
        "saved_at": autosave.iso_or_none(current.answered_at),
        "remaining_seconds": operations.remaining_seconds(sitting),
    }
    db.session.commit()  # after reading: a commit expires the rows (a reload each)
    return autosave.saved(answer, refused)


@bp.post("/api/zitting/<public_id>/hartslag")
@json_candidate_only
def heartbeat(public_id: str):  # type: ignore[no-untyped-def]
    """The page is alive: report focus losses; answer the server's remaining time and status."""
    sitting = _own_sitting(public_id)
    _close_if_overdue(sitting)
    body = request.get_json(silent=True) or {}
    lost = body.get("focus_lost", 0) if isinstance(body, dict) else 0
    lost = lost if isinstance(lost, int) and not isinstance(lost, bool) and 0 <= lost < 1000 else 0
    operations.heartbeat(sitting, lost, *_client())
    db.session.commit()
    return jsonify(
        status=sitting.status.value,
        remaining_seconds=operations.remaining_seconds(sitting),
        result_url=url_for("theory.result", public_id=public_id),
    )
