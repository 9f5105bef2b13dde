"""KSF certificate B web application."""

from ksf_b.app import create_app

__all__ = ["create_app"]
