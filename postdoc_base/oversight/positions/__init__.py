"""Positions collected for postdocs near the end of their term, their interest, and the exit destinations report (Art. 21)."""
