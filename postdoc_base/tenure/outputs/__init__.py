"""Outputs of the stay (Art. 17) and yearly pay records (Arts. 9(5), 20)."""
