"""Views of the admin (KSF) journey."""

from flask import Blueprint

from ksf_b.accounts.models import Role
from ksf_b.security import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles_required(Role.ADMIN)
def dashboard() -> str:
    """PLACEHOLDER: the admin dashboard shows candidates per state."""
    return "admin"
