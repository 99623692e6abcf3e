"""gemm: dense matrix products `np.dot(A, B, out=C)`, rotating A, B, C; reports GFLOP/s.

The inputs are scaled (entries of mean 1/N) so that the rotated products neither overflow nor
vanish. Run: `python benchmarks/gemm/gemm.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (200, 10), "medium": (2000, 10), "large": (8192, 5)}  # matrix side N, iters
SIZE_LABEL = "N"
TOLERANCE = (1e-8, 1e-12)


def run(np, size, iters=None):
    """C of the last product, and seconds per product."""
    n, default_iters = SIZES[size]
    rng = numpy.random.default_rng(harness.SEED)
    A, B = harness.inputs(np, *(rng.random((n, n)) * (2.0 / n) for _ in range(2)))
    C = np.zeros((n, n))
    mats = [A, B, C]

    def product():
        a, b, c = mats
        np.dot(a, b, out=c)
        mats[:] = [b, c, a]

    seconds = harness.time_steps(np, product, iters or default_iters)
    return mats[1], seconds


def rate(size, iters, seconds):
    """GFLOP/s of one product (2 N³ floating-point operations)."""
    n = SIZES[size][0]
    return f"{2.0 * n**3 / seconds / 1e9:.1f} GFLOP/s"


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
