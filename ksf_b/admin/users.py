"""Admin pages for users: invite, list, deactivate (owned by the accounts work)."""

from flask import Blueprint

bp = Blueprint("admin_users", __name__, url_prefix="/admin/gebruikers")
