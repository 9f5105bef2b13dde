"""Admin pages for users: list, invite, resend an invitation, deactivate and reactivate."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ksf_b.accounts import operations
from ksf_b.accounts.forms import ROLE_LABELS, InviteUserForm
from ksf_b.accounts.models import Company, Role, User
from ksf_b.extensions import db
from ksf_b.security import roles_required

bp = Blueprint("admin_users", __name__, url_prefix="/admin/gebruikers")


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    """List every account with its role, company and status; optionally one role only."""
    role_filter = request.args.get("rol", "")
    query = select(User).options(selectinload(User.company)).order_by(User.role, User.full_name)
    if role_filter in {role.value for role in Role}:
        query = query.where(User.role == Role(role_filter))
    else:
        role_filter = ""
    users = db.session.scalars(query).all()
    return render_template(
        "admin/users/index.html", users=users, role_labels=ROLE_LABELS, role_filter=role_filter
    )


@bp.route("/uitnodigen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite() -> Response | str:
    """Invite a user of any role; the company is picked from the list or typed as a new name."""
    form = InviteUserForm()
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name))
    form.set_companies([(row.id, row.name) for row in companies])
    if form.validate_on_submit():
        try:
            user = operations.invite_user(
                form.email.data,
                form.full_name.data,
                Role(form.role.data),
                _chosen_company(form),
                invited_by=current_user,
            )
        except operations.DuplicateEmail as error:
            db.session.rollback()
            form.email.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Uitnodiging verstuurd naar %(email)s.", email=user.email), "success")
            return redirect(url_for("admin_users.index"))
    return render_template("admin/users/invite.html", form=form)


def _account_action(action: Callable[[], object], done: str) -> Response:
    """Run an account operation: commit and say `done`, or roll back and show why not."""
    try:
        action()
    except operations.AccountError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("admin_users.index"))


@bp.post("/<public_id>/uitnodiging-opnieuw")
@roles_required(Role.ADMIN)
def resend(public_id: str) -> Response:
    """Send a fresh invitation link to a user who has not activated the account yet."""
    user = _user_or_404(public_id)
    return _account_action(
        lambda: operations.resend_invitation(user, sent_by=current_user),
        _("Nieuwe uitnodiging verstuurd naar %(email)s.", email=user.email),
    )


@bp.post("/<public_id>/deactiveren")
@roles_required(Role.ADMIN)
def deactivate(public_id: str) -> Response:
    """Block an account (it can be reactivated later; nothing is deleted)."""
    user = _user_or_404(public_id)
    return _account_action(
        lambda: operations.deactivate_user(user, by=current_user),
        _("%(name)s is gedeactiveerd.", name=user.full_name),
    )


@bp.post("/<public_id>/activeren")
@roles_required(Role.ADMIN)
def reactivate(public_id: str) -> Response:
    """Let a deactivated account log in again."""
    user = _user_or_404(public_id)
    operations.reactivate_user(user, by=current_user)
    db.session.commit()
    flash(_("%(name)s is weer actief.", name=user.full_name), "success")
    return redirect(url_for("admin_users.index"))


def _user_or_404(public_id: str) -> User:
    user = db.session.scalar(select(User).where(User.public_id == public_id))
    if user is None:
        abort(404)
    return user


def _chosen_company(form: InviteUserForm) -> Company | None:
    if form.new_company.data:
        return operations.company_named(form.new_company.data)
    if form.company_id.data:
        return db.session.get(Company, int(form.company_id.data))
    return None
