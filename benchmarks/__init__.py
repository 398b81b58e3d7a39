"""Benchmarks: the project measured against a floor of the same MIP (``python -m benchmarks``),
and public test problems converted into the project's instance format."""
