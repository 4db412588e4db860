"""Evaluation of filed bases (评估, Arts. 5, 6) and the rectification a failing grade opens (整改, Art. 25)."""
