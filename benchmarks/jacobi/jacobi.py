"""jacobi: the Jacobi iteration for A x = b on a diagonally dominant dense matrix.

`A = rand(N,N) + N*eye(N); d = diag(A); R = A - diag(d); x = (b - dot(R, x)) / d` repeated.
Run: `python benchmarks/jacobi/jacobi.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (300, 10), "medium": (4000, 50), "large": (20000, 50)}  # matrix side N, iters
SIZE_LABEL = "N"
TOLERANCE = (1e-9, 1e-12)


def run(np, size, iters=None):
    """x after `iters` + 1 sweeps, and seconds per sweep."""
    n, default_iters = SIZES[size]
    rng = numpy.random.default_rng(harness.SEED)
    A = harness.inputs(np, rng.random((n, n))) + n * np.eye(n)
    b = harness.inputs(np, rng.random(n))
    x = np.zeros(n)
    d = np.diag(A)
    R = A - np.diag(d)

    def sweep():
        nonlocal x
        x = (b - np.dot(R, x)) / d

    seconds = harness.time_steps(np, sweep, iters or default_iters)
    return x, seconds


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
