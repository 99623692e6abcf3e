"""tessera's benchmark suite: the seven programs of benchmarks/, NumPy against tessera.

`python -m tessera.bench` (``__main__.py``) runs them all and prints the comparison;
``harness`` holds what the programs share: inputs, timing, checking, and their command line.
"""
