"""SPARQL for csrgraph: check, bind and evaluate a user's query, sandboxed.

The whole query path, one module a step, so the security boundary is one small file:

* :mod:`~csrgraph.sparql.catalog`: the bundled queries and their ``#+`` headers;
* :mod:`~csrgraph.sparql.services`: a bundled federated query's endpoint as a parameter;
* :mod:`~csrgraph.sparql.lexer`: Oxigraph 0.5's token rules, linear patterns;
* :mod:`~csrgraph.sparql.policy`: the check (read-only, local, bounded in size);
* :mod:`~csrgraph.sparql.params`: parameter values turned into RDF terms;
* :mod:`~csrgraph.sparql.binding`: parameters bound by the engine, never pasted as text;
* :mod:`~csrgraph.sparql.engine`: the one call of an engine (local store or remote endpoint);
* :mod:`~csrgraph.sparql.evaluate`: the engine, here or in a child with no network;
* :mod:`~csrgraph.sparql.remote`: a remote endpoint: bind, send, read the answer;
* :mod:`~csrgraph.sparql.sandbox`: the child's network namespace and death with its parent;
* :mod:`~csrgraph.sparql.results`: the answer and its passage from the child;
* :mod:`~csrgraph.sparql.cells`: list and boolean cells in one form, whichever engine answered;
* :mod:`~csrgraph.sparql.api`: :func:`run_query`, which puts them together.

None of these imports rdflib or pyshacl; pyoxigraph is imported when a query runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Where each name this package offers is defined (imported on first use, so importing
#: :mod:`csrgraph.sparql.lexer` from :mod:`csrgraph.sparql.catalog` loads nothing else).
_HOMES = {
    "STANDARD_PREFIXES": "api",
    "resolve": "api",
    "run_query": "api",
    "LANGUAGES": "params",
    "Binding": "binding",
    "bind_for_endpoint": "binding",
    "bind_parameters": "params",
    "inject_values": "binding",
    "make_term": "params",
    "plan_binding": "binding",
    "service_variables": "binding",
    "values_insertion_points": "binding",
    "_evaluate": "evaluate",
    "_evaluate_unplanned": "evaluate",
    "_evaluate_with_timeout": "evaluate",
    "service_endpoints": "evaluate",
    "Token": "lexer",
    "tokenize": "lexer",
    "unescape_codepoints": "lexer",
    "variable_names": "lexer",
    "MAX_DEPTH": "policy",
    "MAX_QUERY_CHARS": "policy",
    "Analysis": "policy",
    "check": "policy",
    "QueryResult": "results",
    "_decode_term": "results",
    "one_line": "results",
    "result_from_engine": "results",
    "shorten_expected": "results",
    "analyse": "policy",
}

if TYPE_CHECKING:
    from csrgraph.sparql.api import STANDARD_PREFIXES, resolve, run_query
    from csrgraph.sparql.binding import (
        Binding,
        bind_for_endpoint,
        inject_values,
        plan_binding,
        service_variables,
        values_insertion_points,
    )
    from csrgraph.sparql.evaluate import (
        _evaluate,
        _evaluate_unplanned,
        _evaluate_with_timeout,
        service_endpoints,
    )
    from csrgraph.sparql.lexer import Token, tokenize, unescape_codepoints, variable_names
    from csrgraph.sparql.params import LANGUAGES, bind_parameters, make_term
    from csrgraph.sparql.policy import MAX_DEPTH, MAX_QUERY_CHARS, Analysis, check
    from csrgraph.sparql.policy import check as analyse
    from csrgraph.sparql.results import (
        QueryResult,
        _decode_term,
        one_line,
        result_from_engine,
        shorten_expected,
    )


def __getattr__(name: str) -> Any:
    """Import a name from the module that defines it, on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"csrgraph.sparql.{home}")
    value = getattr(module, "check" if name == "analyse" else name)
    globals()[name] = value
    return value


__all__ = [
    "LANGUAGES",
    "MAX_DEPTH",
    "MAX_QUERY_CHARS",
    "STANDARD_PREFIXES",
    "Analysis",
    "Binding",
    "QueryResult",
    "Token",
    "_decode_term",
    "_evaluate",
    "_evaluate_unplanned",
    "_evaluate_with_timeout",
    "analyse",
    "bind_for_endpoint",
    "bind_parameters",
    "check",
    "inject_values",
    "make_term",
    "one_line",
    "plan_binding",
    "resolve",
    "result_from_engine",
    "run_query",
    "service_endpoints",
    "service_variables",
    "shorten_expected",
    "tokenize",
    "unescape_codepoints",
    "values_insertion_points",
    "variable_names",
]
