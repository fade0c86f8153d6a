"""Benchmarks printed by ``make bench``: each ``bench_*.py`` module exposes ``main()``."""
