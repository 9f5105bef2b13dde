"""Models of the assessment domain."""

__all__: list[str] = []
