"""Views of the assessment journey."""

from flask import Blueprint

bp = Blueprint("assessment", __name__)
