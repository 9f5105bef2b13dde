"""KSF admin pages of the A test: item bank (versions, retire, CSV and QTI), settings and
blueprint, item statistics and the responses export. Admins only."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ksf_b.accounts.models import Role
from ksf_b.errors import error_response
from ksf_b.extensions import db
from ksf_b.security import roles_required
from theory import bank, blueprint, itemio, report
from theory.forms import (
    BLUEPRINT_SCOPES,
    TYPE_LABELS,
    ItemForm,
    ReasonForm,
    SettingsForm,
    blueprint_field_name,
)
from theory.models import ARequirement, Item
from theory.terms import EINDTERMEN, TOETSTERMEN, toetsterm_text, work_process_text

bp = Blueprint("theory_bank", __name__, url_prefix="/beheer/toets-a")
admin_only = roles_required(Role.ADMIN)
MAX_IMPORT_BYTES = 2_000_000


def _item_or_404(public_id: str) -> Item:
    item = db.session.scalar(db.select(Item).where(Item.public_id == public_id))
    if item is None:
        abort(404)
    return item


@bp.get("/")
@admin_only
def index() -> str:
    """Overview of the A test for KSF: bank size per toetsterm and the blueprint's fit."""
    counts = bank.blueprint()
    pool = bank.pool()
    db.session.commit()
    per_term = {t.code: 0 for t in TOETSTERMEN}
    for entry in pool:
        per_term[entry.toetsterm] += 1
    return render_template(
        "theory/admin/index.html",
        per_term=per_term,
        toetstermen=TOETSTERMEN,
        shortfalls=blueprint.shortfalls(pool, counts),
        totals=sorted(blueprint.form_points(pool, counts)),
        settings=bank.settings(),
        items_per_form=sum(counts.values()),
    )


@bp.get("/vragen")
@admin_only
def items() -> str:
    term = request.args.get("toetsterm") or None
    return render_template(
        "theory/admin/items.html",
        items=bank.all_items(term),
        term=term,
        toetstermen=TOETSTERMEN,
        type_labels=TYPE_LABELS,
    )


def _form_data(form: ItemForm) -> itemio.ItemData:
    """Build ItemData from the form; ValueError (Dutch) for a bad key or options."""
    options = [line.strip() for line in (form.options.data or "").splitlines() if line.strip()]
    categories = [
        line.strip() for line in (form.categories.data or "").splitlines() if line.strip()
    ]
    content = itemio.build_content(form.type.data, options, categories, form.key.data or "")
    return itemio.ItemData(
        code=form.code.data.strip(),
        toetsterm=form.toetsterm.data,
        type=form.type.data,
        stem=form.stem.data.strip(),
        content=content,
        points=float(form.points.data),
        work_process=form.work_process.data or None,
        partial_credit=form.partial_credit.data,
        keep_order=form.keep_order.data,
        feedback=(form.feedback.data or "").strip(),
    )


def _fill(form: ItemForm, data: itemio.ItemData) -> None:
    options, categories, key = itemio.content_fields(data.type, data.content)
    form.code.data = data.code
    form.toetsterm.data = data.toetsterm
    form.work_process.data = data.work_process or ""
    form.type.data = data.type
    form.stem.data = data.stem
    form.options.data = "\n".join(options)
    form.categories.data = "\n".join(categories)
    form.key.data = key
    form.points.data = data.points
    form.partial_credit.data = data.partial_credit
    form.keep_order.data = data.keep_order
    form.feedback.data = data.feedback


def _render_item_form(form: ItemForm, item: Item | None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "theory/admin/item_form.html",
        form=form,
        item=item,
        retire_form=ReasonForm(),
        times_used={v.id: bank.times_used(v) for v in item.versions} if item else {},
        toetsterm_text=toetsterm_text,
        work_process_text=work_process_text,
    ), status


@bp.route("/vragen/nieuw", methods=["GET", "POST"])
@admin_only
def item_new():  # type: ignore[no-untyped-def]
    form = ItemForm()
    if request.method == "GET":
        form.toetsterm.data = request.args.get("toetsterm", "1.1")
        return _render_item_form(form, None)
    if not form.validate_on_submit():
        return _render_item_form(form, None, 422)
    if bank.item_by_code(form.code.data.strip()):
        form.code.errors = [_("Deze code is al in gebruik.")]
        return _render_item_form(form, None, 422)
    try:
        data = _form_data(form)
    except ValueError as error:
        form.key.errors = [str(error)]
        return _render_item_form(form, None, 422)
    item = bank.create_item(data, current_user)
    db.session.commit()
    flash(_("De vraag is toegevoegd."), "success")
    return redirect(url_for("theory_bank.item_edit", public_id=item.public_id))


@bp.route("/vragen/<public_id>", methods=["GET", "POST"])
@admin_only
def item_edit(public_id: str):  # type: ignore[no-untyped-def]
    """Edit an item: a changed question or key becomes a new version."""
    item = _item_or_404(public_id)
    form = ItemForm()
    if request.method == "GET":
        _fill(form, bank.data_of(item))
        return _render_item_form(form, item)
    form.code.data = item.code  # the code is the item's identity; it does not change
    if not form.validate_on_submit():
        return _render_item_form(form, item, 422)
    try:
        data = _form_data(form)
    except ValueError as error:
        form.key.errors = [str(error)]
        return _render_item_form(form, item, 422)
    data.is_demo = item.is_demo
    version = bank.update_item(item, data, current_user)
    db.session.commit()
    if version is None:
        flash(_("Opgeslagen; de inhoud is niet veranderd, dus er is geen nieuwe versie."), "info")
    else:
        flash(_("Opgeslagen als versie %(n)s.", n=version.number), "success")
    return redirect(url_for("theory_bank.item_edit", public_id=item.public_id))


@bp.post("/vragen/<public_id>/uit-gebruik")
@admin_only
def item_retire(public_id: str):  # type: ignore[no-untyped-def]
    item = _item_or_404(public_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return error_response(422, " ".join(str(e) for errs in form.errors.values() for e in errs))
    bank.retire_item(item, form.reason.data.strip())
    db.session.commit()
    flash(
        _("De vraag is uit gebruik genomen; toetsen die haar gebruikten blijven ongewijzigd."),
        "success",
    )
    return redirect(url_for("theory_bank.item_edit", public_id=public_id))


@bp.post("/vragen/<public_id>/terug-in-gebruik")
@admin_only
def item_restore(public_id: str):  # type: ignore[no-untyped-def]
    bank.restore_item(_item_or_404(public_id))
    db.session.commit()
    flash(_("De vraag is weer in gebruik."), "success")
    return redirect(url_for("theory_bank.item_edit", public_id=public_id))


@bp.get("/vragen/export.csv")
@admin_only
def export_csv() -> Response:
    text = itemio.to_csv(bank.data_of(i) for i in bank.all_items(include_retired=False))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=ksf-a-vragenbank.csv"},
    )


@bp.get("/vragen/qti.zip")
@admin_only
def export_qti() -> Response:
    data = itemio.qti_package(bank.data_of(i) for i in bank.all_items(include_retired=False))
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": "attachment; filename=ksf-a-qti21.zip"},
    )


@bp.route("/vragen/import", methods=["GET", "POST"])
@admin_only
def import_csv():  # type: ignore[no-untyped-def]
    """Import a CSV in the export's format; any bad row refuses the whole file (422)."""
    if request.method == "GET":
        return render_template("theory/admin/import.html", errors=[])
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("theory/admin/import.html", errors=[_("Kies een CSV-bestand.")]), 400
    raw = upload.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        return render_template(
            "theory/admin/import.html", errors=[_("Het bestand is te groot (hoogstens 2 MB).")]
        ), 413
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return render_template(
            "theory/admin/import.html", errors=[_("Het bestand is geen UTF-8-tekst.")]
        ), 400
    created, versioned, errors = bank.import_csv(text, current_user)
    if errors:
        db.session.rollback()
        return render_template("theory/admin/import.html", errors=errors), 422
    db.session.commit()
    flash(
        _(
            "Geïmporteerd: %(created)s nieuwe vragen, %(versioned)s nieuwe versies.",
            created=created,
            versioned=versioned,
        ),
        "success",
    )
    return redirect(url_for("theory_bank.items"))


@bp.route("/instellingen", methods=["GET", "POST"])
@admin_only
def settings():  # type: ignore[no-untyped-def]
    """Time limit, cut score, attempts, waiting period, grace, aid and the blueprint counts."""
    cfg = bank.settings()
    counts = bank.blueprint()
    form = SettingsForm(obj=cfg)
    errors: dict[str, str] = {}
    posted: dict[str, int] = {}
    if request.method == "POST":
        for scope in BLUEPRINT_SCOPES:
            raw = request.form.get(blueprint_field_name(scope), "0").strip() or "0"
            if not raw.isdigit() or int(raw) > 50:
                errors[scope] = _("Vul een aantal van 0 tot 50 in.")
            else:
                posted[scope] = int(raw)
        if form.validate_on_submit() and not errors:
            form.populate_obj(cfg)
            cfg.a_requirement = ARequirement(form.a_requirement.data)
            bank.save_blueprint(posted)
            db.session.commit()
            flash(_("De instellingen zijn opgeslagen."), "success")
            return redirect(url_for("theory_bank.settings"))
        counts = {**counts, **posted}
    elif cfg.a_requirement is not None:
        form.a_requirement.data = cfg.a_requirement.value
    db.session.commit()
    status = 422 if request.method == "POST" else 200
    return render_template(
        "theory/admin/settings.html",
        form=form,
        counts=counts,
        errors=errors,
        toetstermen=TOETSTERMEN,
        eindtermen=EINDTERMEN,
        field_name=blueprint_field_name,
    ), status


@bp.get("/statistieken")
@admin_only
def statistics() -> str:
    """Moodle's quiz statistics over finished sittings (first attempts by default)."""
    first_only = request.args.get("pogingen") != "alle"
    data = report.build(first_only=first_only)
    return render_template(
        "theory/admin/statistics.html",
        data=data,
        first_only=first_only,
        toetsterm_text=toetsterm_text,
    )


@bp.get("/statistieken/antwoorden.csv")
@admin_only
def responses_csv() -> Response:
    return Response(
        report.responses_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=ksf-a-antwoorden.csv"},
    )
