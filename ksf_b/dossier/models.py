"""Models of the dossier domain."""

__all__: list[str] = []
