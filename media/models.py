"""Media models: assets, upload sessions and chunks, jobs."""

__all__: list[str] = []
