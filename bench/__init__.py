"""Benchmarks (run from the project root)."""
