"""Fixes for what the bad-input campaign (tests/badinput) found in the libraries' defaults.

Flask-WTF fills a form from a JSON body when there is no form data:
`ImmutableMultiDict(request.get_json())`. A JSON list or string then crashes every form view
(500), and nested values reach validators that expect text. Our forms are HTML forms; the JSON
endpoints (autosave, uploads, the exam API) parse their bodies themselves. So a JSON body
posted to a form view is treated like an empty form: the usual Dutch validation errors.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import ImmutableMultiDict

_PATCHED = "_ksf_form_data_only"


def forms_read_form_data_only() -> None:
    """Make FlaskForm ignore JSON bodies (idempotent; called by the app factory)."""
    from flask_wtf.form import FlaskForm, _Auto, _is_submitted

    meta = FlaskForm.Meta
    if getattr(meta, _PATCHED, False):
        return
    original = meta.wrap_formdata

    def wrap_formdata(self, form, formdata):  # type: ignore[no-untyped-def]
        if formdata is _Auto and _is_submitted() and not request.files and not request.form:
            return ImmutableMultiDict() if request.is_json else original(self, form, formdata)
        return original(self, form, formdata)

    meta.wrap_formdata = wrap_formdata
    setattr(meta, _PATCHED, True)
