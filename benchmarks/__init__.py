"""Benchmarks: public test problems converted into the project's instance format."""
