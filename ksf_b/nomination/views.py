"""The manager's pages: their nominees and the form to nominate another candidate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ksf_b.accounts.models import Role
from ksf_b.display import contact_text
from ksf_b.extensions import db
from ksf_b.journey.operations import part1_rows, piece_status
from ksf_b.journey.states import state_label
from ksf_b.nomination.forms import NominateForm
from ksf_b.nomination.operations import EmailInUse, Nominee, nominate, nominees_of
from ksf_b.security import roles_required

bp = Blueprint("nomination", __name__, url_prefix="/leidinggevende")


@bp.get("/")
@roles_required(Role.MANAGER)
def dashboard() -> str:
    """Show the manager their own nominees with where each one is."""
    rows = []
    for candidate in nominees_of(current_user):
        dossier, endorsement = part1_rows(candidate)
        rows.append(
            {
                "candidate": candidate,
                "state_label": state_label(candidate.state, "manager"),
                "dossier": piece_status(dossier),
                "endorsement": piece_status(endorsement),
            }
        )
    return render_template("nomination/dashboard.html", rows=rows)


@bp.route("/aanmelden", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def nominate_candidate() -> Response | str:
    """Nominate one candidate of the manager's own company; they get an invitation."""
    form = NominateForm()
    if current_user.company is None:
        flash(
            _(
                "Je account hoort niet bij een bedrijf. Neem contact op met de KSF: %(contact)s.",
                contact=contact_text(),
            ),
            "error",
        )
        return redirect(url_for("nomination.dashboard"))
    if form.validate_on_submit():
        try:
            candidate = nominate(
                nominee_from(form), current_user, current_user.company, current_user
            )
        except EmailInUse:
            form.email.errors.append(_("Er bestaat al een account met dit e-mailadres."))
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is aangemeld en krijgt een uitnodiging per e-mail.",
                    name=candidate.user.full_name,
                ),
                "success",
            )
            return redirect(url_for("nomination.dashboard"))
    status = 422 if form.errors else 200
    return render_template("nomination/nominate.html", form=form), status


def nominee_from(form: NominateForm) -> Nominee:
    """Turn a validated nomination form into the operation's input."""
    return Nominee(
        full_name=form.full_name.data,
        email=form.email.data,
        date_of_birth=form.date_of_birth.data,
        current_role=form.current_role.data,
    )
