"""stencil: the 2-D five-point stencil, written on views of one grid.

`center[:] = 0.2 * (center + north + east + west + south)` repeated, the boundary rows and
columns fixed. Run: `python benchmarks/stencil/stencil.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (200, 20), "medium": (3000, 40), "large": (10000, 50)}  # grid side N, iters
SIZE_LABEL = "N"
TOLERANCE = (1e-10, 1e-12)


def run(np, size, iters=None):
    """The grid after `iters` + 1 sweeps, and seconds per sweep."""
    n, default_iters = SIZES[size]
    grid = harness.inputs(np, numpy.random.default_rng(harness.SEED).random((n + 2, n + 2)))
    center = grid[1:-1, 1:-1]
    north = grid[0:-2, 1:-1]
    east = grid[1:-1, 2:]
    west = grid[1:-1, 0:-2]
    south = grid[2:, 1:-1]

    def sweep():
        center[:] = 0.2 * (center + north + east + west + south)

    return grid, harness.time_steps(np, sweep, iters or default_iters)


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
