"""Federated queries that other engines can read: the endpoint as a constant with a default.

A bundled federated query writes its endpoint as a constant IRI, ``SERVICE
<https://query.wikidata.org/sparql> { ... }``, which every SPARQL 1.1 engine (Jena ARQ in
``--strict`` mode among them) parses and runs as it stands. Its grlc-style header names the
same IRI as the default of an IRI parameter::

    #+ defaults:
    #+   - endpoint_iri: https://query.wikidata.org/sparql

csrgraph reads ``SERVICE <that IRI>`` as ``SERVICE ?_endpoint_iri``, so the parameter's
binding (``-p endpoint_iri=URL``) chooses the endpoint, and its default is the constant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def parameterise_services(text: str, defaults: Mapping[str, str]) -> str:
    r"""Return ``text`` with ``SERVICE <X>`` as ``SERVICE ?_NAME`` where X is NAME's default.

    Only IRI parameters (``*_iri``) count; ``SILENT`` is kept.

    >>> parameterise_services("SELECT * { SERVICE SILENT <http://e/sparql> { ?s ?p ?o } }",
    ...                       {"endpoint_iri": "http://e/sparql"})
    'SELECT * { SERVICE SILENT ?_endpoint_iri { ?s ?p ?o } }'
    """
    for name, default in defaults.items():
        if not name.endswith("_iri") or not default or re.search(r"[\s<>]", default):
            continue
        pattern = re.compile(r"(?i)\b(SERVICE\s+(?:SILENT\s+)?)<" + re.escape(default) + ">")

        def variable(match: re.Match[str], name: str = name) -> str:
            return f"{match[1]}?_{name}"

        text = pattern.sub(variable, text)
    return text
