"""The import of historical filed bases (bases filed before the system, from their paper filing notices)."""

SPECS: tuple = ()
