"""The installed version of csrgraph: a leaf every layer may import.

Reading package metadata costs tens of milliseconds, so it happens on first use
(``csrgraph --version``, ``info``, the published files), not at import.

>>> from csrgraph._version import version
>>> version() == version()
True
"""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """Return the installed distribution's version (``0.0.0`` in a bare checkout).

    >>> isinstance(version(), str)
    True
    """
    from importlib import metadata

    try:
        return metadata.version("csrgraph")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"
