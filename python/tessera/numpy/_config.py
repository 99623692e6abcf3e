"""Floating-point error handling and configuration (NumPy reference: "Floating point error
handling", "Utility functions").

tessera's kernels do not raise floating-point warnings; errstate and friends are NumPy's, so
programs that use them run, and they govern the parts that run through NumPy.
"""

import numpy

import tessera

__all__ = [
    "errstate",
    "getbufsize",
    "geterr",
    "geterrcall",
    "setbufsize",
    "seterr",
    "seterrcall",
    "show_config",
    "show_runtime",
]

errstate = numpy.errstate
seterr = numpy.seterr
geterr = numpy.geterr
seterrcall = numpy.seterrcall
geterrcall = numpy.geterrcall
getbufsize = numpy.getbufsize
setbufsize = numpy.setbufsize


def show_config():
    """tessera's configuration (numpy.show_config prints NumPy's build instead)."""
    return tessera.show_config()


show_runtime = show_config
