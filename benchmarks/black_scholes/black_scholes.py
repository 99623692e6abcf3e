"""black_scholes: call and put prices of N European options in float32.

The cumulative normal distribution is the usual fifth-order polynomial (Abramowitz and Stegun
26.2.17), with `exp`, `log`, `sqrt` and `where`; each iteration prices all N options again.
Run: `python benchmarks/black_scholes/black_scholes.py --package numpy,tessera --size medium`.
"""

import sys

import numpy

from tessera.bench import harness

SIZES = {"small": (100_000, 5), "medium": (4_000_000, 10), "large": (100_000_000, 10)}
SIZE_LABEL = "N"  # options
TOLERANCE = (1e-4, 1e-4)
RISK_FREE = 0.02
VOLATILITY = 0.30


def cnd(np, d):
    """The standard normal cumulative distribution at `d`, to about 1e-7."""
    a1, a2, a3, a4, a5 = 0.31938153, -0.356563782, 1.781477937, -1.821255978, 1.330274429
    rsqrt2pi = 0.39894228040143267794
    k = 1.0 / (1.0 + 0.2316419 * np.abs(d))
    c = rsqrt2pi * np.exp(-0.5 * d * d) * (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))))
    return np.where(d > 0, 1.0 - c, c)


def black_scholes(np, price, strike, years, rate, vol):
    """(call, put) prices of options on `price` with `strike`, expiring after `years`."""
    sqrt_t = np.sqrt(years)
    d1 = (np.log(price / strike) + (rate + 0.5 * vol * vol) * years) / (vol * sqrt_t)
    d2 = d1 - vol * sqrt_t
    cnd_d1, cnd_d2 = cnd(np, d1), cnd(np, d2)
    discount = strike * np.exp(-rate * years)
    call = price * cnd_d1 - discount * cnd_d2
    put = discount * (1.0 - cnd_d2) - price * (1.0 - cnd_d1)
    return call, put


def run(np, size, iters=None):
    """(call, put) of the last pricing, and seconds per pricing of all N options."""
    n, default_iters = SIZES[size]
    rng = numpy.random.default_rng(harness.SEED)
    price = rng.uniform(5.0, 30.0, n).astype(numpy.float32)
    strike = rng.uniform(1.0, 100.0, n).astype(numpy.float32)
    years = rng.uniform(0.25, 10.0, n).astype(numpy.float32)
    price, strike, years = harness.inputs(np, price, strike, years)
    out = [None]

    def price_all():
        out[0] = black_scholes(np, price, strike, years, RISK_FREE, VOLATILITY)

    seconds = harness.time_steps(np, price_all, iters or default_iters)
    return out[0], seconds


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
