"""cg: conjugate gradients on the 2-D Laplacian, a dense N²×N² matrix.

Each iteration is one matrix-vector product, two dot products and three vector updates; the
residual is checked every `CHECK_EVERY` iterations (a wait for the device). `precondition=True`
(--precondition) applies the Jacobi preconditioner, `z = r / diag(A)`.
Run: `python benchmarks/cg/cg.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (16, 50), "medium": (70, 150), "large": (110, 150)}  # grid side N, iters
SIZE_LABEL = "N"  # the matrix is N²×N²
CHECK_EVERY = 25
TOLERANCE_RESIDUAL = 1e-12
TOLERANCE = (1e-6, 1e-9)


def laplacian(n):
    """The 5-point Laplacian of an n×n grid as a dense n²×n² matrix (Dirichlet boundary)."""
    one_d = 2.0 * numpy.eye(n) - numpy.eye(n, k=1) - numpy.eye(n, k=-1)
    return numpy.kron(one_d, numpy.eye(n)) + numpy.kron(numpy.eye(n), one_d)


def run(np, size, iters=None, precondition=False):
    """x after `iters` + 1 iterations (fewer if converged), and seconds per iteration."""
    n, default_iters = SIZES[size]
    A, b = harness.inputs(np, laplacian(n), numpy.random.default_rng(harness.SEED).random(n * n))
    inv_diag = 1.0 / np.diag(A) if precondition else None
    x = np.zeros(n * n)
    r = b - A.dot(x)
    z = r * inv_diag if precondition else r
    p = z
    rz = r.dot(z)
    count = 0

    def iteration():
        nonlocal x, r, p, rz, count
        Ap = A.dot(p)
        alpha = rz / p.dot(Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        z = r * inv_diag if precondition else r
        rz_new = r.dot(z)
        count += 1
        if count % CHECK_EVERY == 0 and float(np.sqrt(r.dot(r))) < TOLERANCE_RESIDUAL:
            return True
        p = z + (rz_new / rz) * p
        rz = rz_new
        return False

    seconds = harness.time_steps(np, iteration, iters or default_iters)
    return x, seconds


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
