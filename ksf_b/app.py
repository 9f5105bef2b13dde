"""The application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ksf_b.config import CONFIGS, ROOT, Config, default_secret
from ksf_b.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: type[Config] | str | None = None, **overrides: object) -> Flask:
    """Build the Flask app for the given config class or name (default: KSF_ENV)."""
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("KSF_ENV", "development")]
    app = Flask(
        "ksf_b",
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config.INSTANCE_PATH),
    )
    app.config.from_object(config)
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    _ensure_secret(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_context(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _ensure_secret(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development: keep one generated secret in the instance folder so sessions (and the
    # drafts people are typing) survive a restart of `make run`.
    path = Path(app.instance_path) / ".secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(default_secret())
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Turn on WAL and foreign keys for SQLite; other databases ignore this."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def register_extensions(app: Flask) -> None:
    from ksf_b import models  # noqa: F401  (registers every model for Alembic)
    from ksf_b.i18n import select_locale

    db.init_app(app)
    from ksf_b import dbsession

    dbsession.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    from ksf_b.assessment.policies import register_policies
    from media.storage import init_storage

    init_storage(app)
    register_policies()
    from ksf_b.ops import init_ops

    init_ops(app)


def register_blueprints(app: Flask) -> None:
    from ksf_b.blueprints import blueprints, register_domain_hooks

    register_domain_hooks(app)

    for blueprint in blueprints():
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from ksf_b.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from ksf_b.cli import register

    register(app)


def register_template_context(app: Flask) -> None:
    from ksf_b.i18n import template_context

    app.context_processor(template_context)
    from ksf_b.display import register as register_display

    register_display(app)
