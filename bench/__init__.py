"""Benchmarks: accuracy and speed figures, printed (make bench-*)."""
