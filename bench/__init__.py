"""Benchmarks: performance and relevance harnesses (not part of the installed package)."""
