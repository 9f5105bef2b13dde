"""Upload sessions and their chunks (the resumable upload protocol)."""

__all__: list[str] = []
