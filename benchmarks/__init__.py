"""Benchmarks for therapykg: a synthetic corpus generator and the scripts that measure it.

Not run by CI and not tests: `python -m benchmarks.run` reruns every measurement and writes the
figures that docs/benchmarks.md reports.
"""
