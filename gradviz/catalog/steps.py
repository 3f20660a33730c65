"""Spanish for the steps texts (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {}
