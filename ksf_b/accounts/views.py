"""Login, logout, invitations and password reset."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ksf_b.accounts import operations
from ksf_b.accounts.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from ksf_b.accounts.models import User
from ksf_b.accounts.navigation import safe_next
from ksf_b.db_types import utcnow
from ksf_b.display import contact_text
from ksf_b.errors import error_response, wants_json
from ksf_b.extensions import db, limiter, login_manager
from ksf_b.tokens import Purpose, TokenError, VerifiedToken, verify_token

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


def _rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _address_rate_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def _typed_account() -> str:
    """The limiter's key for guesses at one account: the e-mail address as typed, normalised.

    An exam room behind one NAT address logs in dozens of candidates within a minute; each
    of them is one account, so the tight limit counts per account and only a looser one per
    address (`LOGIN_ADDRESS_RATE_LIMIT`) catches one address trying many accounts.
    """
    return "account:" + request.form.get("email", "").strip().casefold()[:254]


def _per_account_and_address(view):  # type: ignore[no-untyped-def]
    """Both login limits on a POST: per typed account and (looser) per address."""
    view = limiter.limit(_rate_limit, methods=["POST"], key_func=_typed_account)(view)
    return limiter.limit(_address_rate_limit, methods=["POST"])(view)


@bp.after_request
def _no_store(response: Response) -> Response:
    """Keep pages with tokens in their URL or e-mail addresses out of shared caches."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    public_id, _sep, stamp = session_id.partition(":")
    user = db.session.scalar(select(User).where(User.public_id == public_id))
    if user is None or user.security_stamp != stamp or not user.is_active:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized() -> Response | tuple:
    """Send people to the login page (and back afterwards); API clients get a JSON 401."""
    if wants_json():
        return error_response(401)
    flash(_("Log in om verder te gaan."), "warning")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.login", next=safe_next(target)))


@bp.route("/login", methods=["GET", "POST"])
@_per_account_and_address
def login() -> Response | str:
    target = safe_next(request.args.get("next")) or url_for("main.home")
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.find_user_by_email(form.email.data)
        if user and user.check_password(form.password.data):
            if not user.is_active:
                flash(
                    _(
                        "Dit account is gedeactiveerd. Neem contact op met de KSF: %(contact)s.",
                        contact=contact_text(),
                    ),
                    "error",
                )
                return render_template("accounts/login.html", form=form)
            # no session fixation: a fresh session (new CSRF secret, no planted keys) at login
            language = session.get("lang")
            session.clear()
            if language:
                session["lang"] = language
            login_user(user)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(target)
        flash(_("E-mailadres of wachtwoord klopt niet."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@_per_account_and_address
def forgot_password() -> Response | str:
    """Ask for a reset link; the answer is the same whether the address exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "Als er een actief account met dit e-mailadres bestaat, ontvang je binnen enkele "
                "minuten een e-mail met een link om een nieuw wachtwoord te kiezen."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def accept_invitation(token: str) -> Response | str | tuple:
    """Let an invited user choose a password; this activates the account and logs them in."""
    return _set_password_page(token, Purpose.INVITATION)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def reset_password(token: str) -> Response | str | tuple:
    """Let a user choose a new password from an e-mailed reset link."""
    return _set_password_page(token, Purpose.PASSWORD_RESET)


def _set_password_page(token: str, purpose: Purpose) -> Response | str | tuple:
    try:
        verified = verify_token(token, purpose)
    except TokenError as error:
        return _link_problem(error, purpose)
    form = SetPasswordForm(verified.user.email)
    if form.validate_on_submit():
        try:
            user = _apply_password(verified, form.password.data)
        except TokenError as error:
            db.session.rollback()
            return _link_problem(error, purpose)
        db.session.commit()
        logout_user()
        login_user(user)
        flash(_password_message(purpose), "success")
        return redirect(url_for("main.home"))
    return render_template(
        "accounts/set_password.html", form=form, user=verified.user, purpose=purpose.value
    )


def _apply_password(verified: VerifiedToken, password: str) -> User:
    if verified.purpose is Purpose.INVITATION:
        return operations.accept_invitation(verified, password)
    return operations.reset_password(verified, password)


def _password_message(purpose: Purpose) -> str:
    if purpose is Purpose.INVITATION:
        return _("Welkom! Je account is geactiveerd en je bent ingelogd.")
    return _("Je wachtwoord is gewijzigd. Je bent ingelogd.")


def _link_problem(error: TokenError, purpose: Purpose) -> tuple[str, int]:
    page = render_template(
        "accounts/link_problem.html", message=str(error.message), purpose=purpose.value
    )
    return page, error.status
