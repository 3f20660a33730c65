"""Spanish for the formulas texts (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {}
