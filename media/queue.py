"""Job queue. PLACEHOLDER, replaced by the media pipeline work."""


def queue_health() -> tuple[bool, str]:
    return True, "placeholder"
