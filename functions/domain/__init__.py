"""Rules of the domain that are not storage: the cohort life cycle, overviews
composed from several areas. Storage operations live in ``functions.db``."""
