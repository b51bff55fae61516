r"""``csrgraph.validate``: the public name of :func:`csrgraph.validation.validate`.

Kept so ``from csrgraph.validate import validate`` (and the report classes) keep working;
the pieces live in :mod:`csrgraph.validation`, whose names this module re-exports.

>>> report = validate()
>>> report.conforms, report.to_text()
(True, 'Conforms: 0 results.\n')
"""

from __future__ import annotations

from csrgraph.validation import *  # noqa: F403
from csrgraph.validation import __all__  # noqa: F401
