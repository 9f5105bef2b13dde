"""Login, logout, invitations and password reset."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ksf_b.accounts.forms import LoginForm
from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    public_id, _sep, stamp = session_id.partition(":")
    user = db.session.scalar(select(User).where(User.public_id == public_id))
    if user is None or user.security_stamp != stamp:
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user and user.is_active and user.check_password(form.password.data):
            login_user(user)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(url_for("main.home"))
        flash(_("E-mailadres of wachtwoord klopt niet."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash(_("U bent uitgelogd."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password() -> str:
    """PLACEHOLDER: the accounts work replaces this with the signed reset flow."""
    return render_template("errors/error.html", status=501, message="todo")
