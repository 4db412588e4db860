"""Withdrawal cases (退出基地, Art. 23) and the sweeps that open them."""
