"""Bases filed before the system (历史备案基地): the region records the filings it made on paper, from their filing
notices, so the register holds every filed base (``services.historical_base_file``; the import kind ``bases``)."""
