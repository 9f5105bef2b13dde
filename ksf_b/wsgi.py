"""WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py` (see docs/deploy.md)."""

from ksf_b.app import create_app

app = create_app()
