"""Spanish for the surfaces texts (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {}
