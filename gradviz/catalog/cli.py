"""Spanish for the cli texts (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {}
