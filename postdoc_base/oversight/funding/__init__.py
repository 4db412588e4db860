"""Art. 19 funding records of the bases (经费): records, not cases."""
