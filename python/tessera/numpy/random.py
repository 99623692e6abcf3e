"""tessera.numpy.random: random sampling.

Not on the runtime yet: every function runs through numpy.random on converted arguments, with a
one-time RuntimeWarning naming it, and array results come back as tessera arrays.
"""

import numpy.random

from tessera.numpy._interop import install_fallback_getattr

install_fallback_getattr(globals(), numpy.random, prefix="random.")
