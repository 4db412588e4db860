"""Data generator and benchmarks for issue 10: see bench/README.md."""
