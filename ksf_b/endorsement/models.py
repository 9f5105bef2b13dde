"""Models of the endorsement domain."""

__all__: list[str] = []
