"""Role checks for views; ownership is checked by each view against its object."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from ksf_b.accounts.models import Role


def roles_required(*roles: Role) -> Callable:
    """Require a logged-in user with one of `roles` (401 → login page, else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
