"""Certificate A online theory test: item bank, blueprint, invigilated timed sitting, statistics."""
