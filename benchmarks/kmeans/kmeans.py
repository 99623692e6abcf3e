"""kmeans: Lloyd's k-means on N points in D dimensions, K clusters.

Distances by a matrix product (|c|² - 2 x·c, the |x|² term changing no argmin), nearest centroid
by `argmin(axis=1)`, new centroids by `bincount` weighted by each coordinate.
Run: `python benchmarks/kmeans/kmeans.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (20_000, 10), "medium": (1_000_000, 10), "large": (20_000_000, 10)}
SIZE_LABEL = "N"  # points
DIMS = 8
CLUSTERS = 16
TOLERANCE = (1e-8, 1e-10)


def make_points(n):
    """Points around CLUSTERS well separated centres; the first CLUSTERS are the start."""
    rng = numpy.random.default_rng(harness.SEED)
    centres = rng.uniform(-50.0, 50.0, (CLUSTERS, DIMS))
    return centres[rng.integers(0, CLUSTERS, n)] + rng.standard_normal((n, DIMS))


def run(np, size, iters=None):
    """The centroids after `iters` + 1 steps, and seconds per step."""
    n, default_iters = SIZES[size]
    data = harness.inputs(np, make_points(n))
    centroids = data[:CLUSTERS].copy()

    def step():
        nonlocal centroids
        distances = np.sum(centroids * centroids, axis=1) - 2.0 * np.dot(data, centroids.T)
        labels = np.argmin(distances, axis=1)
        counts = np.bincount(labels, minlength=CLUSTERS)
        sums = np.zeros((CLUSTERS, DIMS))
        for j in range(DIMS):
            sums[:, j] = np.bincount(labels, weights=data[:, j], minlength=CLUSTERS)
        centroids = sums / np.maximum(counts, 1)[:, None]

    seconds = harness.time_steps(np, step, iters or default_iters)
    return centroids, seconds


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
