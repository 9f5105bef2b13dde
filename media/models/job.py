"""Job rows: the database is the source of truth for background work."""

__all__: list[str] = []
