"""tessera.numpy.linalg: linear algebra.

Not on the runtime yet: every function runs through numpy.linalg on converted arguments, with a
one-time RuntimeWarning naming it, and array results come back as tessera arrays.
"""

import numpy.linalg

from tessera.numpy._interop import install_fallback_getattr

install_fallback_getattr(globals(), numpy.linalg, prefix="linalg.")
