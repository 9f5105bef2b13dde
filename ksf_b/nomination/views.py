"""Views of the nomination journey."""

from flask import Blueprint

bp = Blueprint("nomination", __name__)
