r"""``csrgraph.validate``: the public name of :func:`csrgraph.validation.validate`.

Kept so ``from csrgraph.validate import validate`` (and the report classes) keep working;
the pieces live in :mod:`csrgraph.validation`.

>>> report = validate()
>>> report.conforms, report.to_text()
(True, 'Conforms: 0 results.\n')
"""

from __future__ import annotations

from csrgraph.validation import (
    ValidationReport,
    ValidationResult,
    load_shapes,
    results_from_report,
    shapes_name,
    validate,
)

__all__ = [
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "results_from_report",
    "shapes_name",
    "validate",
]
