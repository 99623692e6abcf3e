"""logreg: logistic regression fitted by gradient steps on N samples of D features.

`scores = X @ w; p = 1/(1+exp(-scores)); w += lr * ((y - p) @ X)`, with the log-likelihood
computed every `LOG_EVERY` steps (printed with --verbose).
Run: `python benchmarks/logreg/logreg.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (20_000, 20), "medium": (1_000_000, 30), "large": (20_000_000, 30)}
SIZE_LABEL = "N"  # samples, each of FEATURES features
FEATURES = 32
LOG_EVERY = 10
TOLERANCE = (1e-7, 1e-10)


def make_data(n):
    """Features and 0/1 labels drawn from a known logistic model."""
    rng = numpy.random.default_rng(harness.SEED)
    X = rng.standard_normal((n, FEATURES))
    true_w = rng.standard_normal(FEATURES)
    y = (rng.random(n) < 1.0 / (1.0 + numpy.exp(-X @ true_w))).astype(numpy.float64)
    return X, y


def run(np, size, iters=None, verbose=False):
    """The weights after `iters` + 1 steps, and seconds per step."""
    n, default_iters = SIZES[size]
    X, y = harness.inputs(np, *make_data(n))
    w = np.zeros(FEATURES)
    lr = 1.0 / n
    step_count = 0

    def step():
        nonlocal step_count
        scores = X @ w
        p = 1.0 / (1.0 + np.exp(-scores))
        w[:] += lr * ((y - p) @ X)
        step_count += 1
        if step_count % LOG_EVERY == 0:
            log_likelihood = np.sum(y * scores - np.log(1.0 + np.exp(scores)))
            if verbose:
                print(f"    step {step_count}: log-likelihood {float(log_likelihood):.6g}")

    seconds = harness.time_steps(np, step, iters or default_iters)
    return w, seconds


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
