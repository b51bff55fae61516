"""Parameter values: the text given with ``-p NAME=VALUE`` turned into one RDF term each.

A value becomes an IRI checked by pyoxigraph, an integer, decimal or boolean checked
against its form, ``de``/``en`` for ``lang``, or a plain string literal; it reaches the
engine as that term (:mod:`csrgraph.sparql.binding`), never as query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from csrgraph.errors import UsageError
from csrgraph.namespaces import LABEL_LANGUAGES, XSD

if TYPE_CHECKING:
    import pyoxigraph

    from csrgraph.sparql.catalog import Query

_XSD = XSD

#: The label languages of the bundled graph (imports may add others: a ``lang`` parameter
#: may be any language tag, see :data:`LANGUAGE_TAG`).
LANGUAGES = LABEL_LANGUAGES
#: What a ``lang`` parameter may be: a BCP 47 language tag in lower case (``de``, ``fr``,
#: ``pt-br``). Labels fall back to English where the chosen language has none, and the
#: bundled queries say which language each label is in (their ``*_lang`` columns).
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")


def check_language(value: str, what: str = "parameter lang") -> str:
    """Return ``value`` if it is a language tag (:data:`LANGUAGE_TAG`), else UsageError.

    >>> check_language("fr")
    'fr'
    >>> check_language("FR")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: parameter lang: 'FR' is not a language tag such as de, en or fr
    """
    if not LANGUAGE_TAG.fullmatch(value):
        raise UsageError(f"{what}: {value!r} is not a language tag such as de, en or fr")
    return value


def make_term(
    name: str, value: str, kind: str, prefixes: Mapping[str, str] | None = None
) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """Turn a parameter's text into an RDF term of its kind.

    An IRI may be written bare, as ``<iri>`` or (for an ``_iri`` parameter) as a prefixed
    name with a known prefix. Any parameter given as ``<iri>`` is an IRI.

    >>> make_term("year", "2017", "integer")
    <Literal value=2017 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> make_term("authority_iri", "ex:bls", "iri", {"ex": "http://e/"})
    <NamedNode value=http://e/bls>
    """
    import pyoxigraph as ox

    if value.startswith("<") and value.endswith(">"):
        kind, value = "iri", value[1:-1]
    if kind == "iri":
        prefix, sep, local = value.partition(":")
        if sep and prefixes and prefix in prefixes and not local.startswith("//"):
            value = prefixes[prefix] + local
        try:
            return ox.NamedNode(value)
        except ValueError as err:
            reason = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(err))
            raise UsageError(f"parameter {name}: {value!r} is not an IRI ({reason})") from None
    checks = {
        "integer": r"[+-]?\d+",
        "decimal": r"[+-]?(\d+\.?\d*|\.\d+)",
        "boolean": r"true|false|1|0",
    }
    if kind in checks:
        if not re.fullmatch(checks[kind], value):
            raise UsageError(f"parameter {name}: {value!r} is not a valid {kind}")
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind))
    return ox.Literal(value)


def bind_parameters(
    query: Query,
    params: Mapping[str, str] | None,
    lang: str | None,
    prefixes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return variable name -> term for every parameter of ``query``.

    A value comes from ``params``, else (for ``lang``) from ``lang``, else from the header's
    default. An optional parameter (``?__name``) without a value stays unbound. A ``lang``
    given in ``params`` must be one of :data:`LANGUAGES`, as ``--lang`` must (the ``lang``
    argument of the Python API falls back to English labels instead).

    Raises:
        UsageError: an unknown parameter, a missing value, a value of the wrong kind, or a
            ``lang`` parameter that is not a language tag.

    """
    given = {name.lstrip("_"): value for name, value in (params or {}).items()}
    known = {p.name for p in query.params}
    for name in given:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
            listing = ", ".join(sorted(known)) or "none"
            hint = f"did you mean: {', '.join(close)}?" if close else f"its parameters: {listing}"
            raise UsageError(f"query {query.label} has no parameter {name!r}; {hint}")
    chosen = given.get("lang")
    if chosen is not None:
        check_language(chosen)
    bindings: dict[str, Any] = {}
    for param in query.params:
        value = given.get(param.name)
        if value is None and param.name == "lang" and lang:
            value = lang
        if value is None:
            value = param.default
        if value is None:
            if param.optional:
                continue
            raise UsageError(
                f"query {query.label} needs a value for parameter {param.name!r} "
                f"(-p {param.name}=VALUE)"
            )
        bindings[param.variable] = make_term(param.name, value, param.kind, prefixes)
    return bindings
