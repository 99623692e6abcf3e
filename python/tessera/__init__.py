"""tessera: NumPy on a deferred, tiled C++ task runtime.

Programs use the drop-in module, ``import tessera.numpy as np``. This package holds what is
tessera's own rather than NumPy's: waiting for the runtime (``sync``), the mapper's knobs
(``config``) and a report of them (``show_config``).
"""

import platform

import numpy as _numpy

from tessera import _core

__all__ = ["__version__", "config", "show_config", "sync"]


def _package_version():
    from importlib import metadata

    try:
        return metadata.version("tessera")
    except metadata.PackageNotFoundError:  # running from a source tree that was not installed
        return "0.1.0"


__version__ = _package_version()


def sync():
    """Wait until every task launched so far has finished."""
    _core.sync()


class config:
    """Set mapper knobs; as a context manager, restore the previous values on exit.

    Knobs (the ``TESSERA_*`` environment variables without the prefix, in lower case):
    ``threads``, ``tiles``, ``eager`` ('auto' | 'always' | 'never'), ``eager_threshold``,
    ``min_tile``, ``max_tile``, ``processor`` ('cpu' | 'omp'), ``omp_threads``, ``fake_device``,
    ``gpus`` (-1 or None: every GPU present, 0: CPU only; a build without CUDA has none),
    ``gpu_threshold`` (elements from which a launch goes to the GPU; smaller launches go there
    only when their data is already on the GPU).

    >>> with tessera.config(tiles=4, eager="never"):
    ...     c = a + b
    """

    def __init__(self, **knobs):
        current = _core.config()
        unknown = sorted(set(knobs) - set(current))
        if unknown:
            raise TypeError(f"unknown tessera knob(s) {', '.join(map(repr, unknown))}; "
                            f"known: {', '.join(sorted(current))}")
        tiles = knobs.get("tiles")
        if tiles is not None and (not isinstance(tiles, int) or tiles < 1):
            # 0 is the core's internal "mapper chooses"; asking for it is spelled tiles=None.
            raise ValueError(f"tiles must be a positive int or None, not {tiles!r}")
        # Only the knobs named here are restored, so that settings made elsewhere in the
        # meantime survive the exit.
        self._saved = {k: current[k] for k in knobs}
        # Applied at once (not in __enter__), so a plain call changes the settings for good.
        _core.set_config(**knobs)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        _core.set_config(**self._saved)
        return False


_KNOB_LABELS = [
    ("processor", "processor for launches"),
    ("threads", "CPU worker threads"),
    ("omp_threads", "OpenMP threads"),
    ("tiles", "tiles per partition (0: mapper chooses)"),
    ("min_tile", "smallest tile (elements)"),
    ("max_tile", "largest tile (elements)"),
    ("eager", "eager (inline) launches"),
    ("eager_threshold", "eager threshold (elements)"),
    ("fake_device", "fake device memory"),
    ("gpus", "GPUs used"),
    ("gpu_threshold", "GPU threshold (elements)"),
]


def _config_text():
    knobs = _core.config()
    build = _core.build_info()
    stats = _core.stats()
    gpus = _core.gpu_devices()
    processors = (["cpu"] + (["omp"] if build.get("openmp") else [])
                  + (["gpu"] if gpus and knobs.get("gpus", 0) else []))
    lines = [f"tessera {__version__}",
             f"  processors available: {', '.join(processors)}"]
    for i, g in enumerate(gpus):
        used = "in use" if i < knobs.get("gpus", 0) else "not used"
        lines.append(f"  GPU {i}: {g['name']}, {g['memory'] / 2**30:.1f} GiB, "
                     f"{g['multiprocessors']} SMs, compute capability "
                     f"{g['compute_capability']} ({used})")
    if gpus:
        lines.append(f"  GPU memory held: {stats['gpu_bytes_in_use'] / 2**20:.1f} MiB by arrays, "
                     f"{stats['gpu_bytes_reserved'] / 2**20:.1f} MiB by the pool")
    elif build.get("cuda"):
        lines.append("  GPU: none found (built with CUDA)")
    if "workers" in stats:
        lines.append(f"  worker threads running: {stats['workers']}")
    lines.append("mapper knobs (TESSERA_* environment variables):")
    labelled = dict(_KNOB_LABELS)
    for key in [k for k, _ in _KNOB_LABELS if k in knobs] + sorted(set(knobs) - set(labelled)):
        lines.append(f"  {labelled.get(key, key)}: {knobs[key]} "
                     f"(TESSERA_{key.upper()})")
    lines.append("build options:")
    for key, value in build.items():
        lines.append(f"  {key}: {value}")
    lines.append("environment:")
    lines.append(f"  NumPy {_numpy.__version__}, Python {platform.python_version()}, "
                 f"{platform.machine()}")
    return "\n".join(lines)


def show_config():
    """Print and return the processors, mapper knobs and build options in force."""
    text = _config_text()
    print(text)
    return text
