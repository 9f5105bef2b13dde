"""Views of the endorsement journey."""

from flask import Blueprint

bp = Blueprint("endorsement", __name__)
