"""The candidate's online assessment: consent, device check, practice and the ten scenarios."""

from flask import Blueprint

bp = Blueprint("exam", __name__, url_prefix="/assessment")
