"""tessera.numpy.fft: discrete Fourier transforms.

Not on the runtime yet: every function runs through numpy.fft on converted arguments, with a
one-time RuntimeWarning naming it, and array results come back as tessera arrays.
"""

import numpy.fft

from tessera.numpy._interop import install_fallback_getattr

install_fallback_getattr(globals(), numpy.fft, prefix="fft.")
