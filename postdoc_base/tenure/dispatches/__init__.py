"""Dispatches of postdocs (派出, Art. 16) and the sweep of those overdue abroad (Art. 23(8))."""
