"""The imports of a base's tenure records: postdocs with their appointments, and outputs."""

SPECS: tuple = ()
