"""Views of the dossier journey."""

from flask import Blueprint

bp = Blueprint("dossier", __name__)
