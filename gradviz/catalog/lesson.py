"""Spanish for the lesson texts (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {}
