"""Terms as the formats write them: compact IRIs, display text, SPARQL JSON, CSV and TSV."""

from __future__ import annotations

from typing import Any

from csrgraph.formats.neutral import spreadsheet_cell
from csrgraph.namespaces import XSD, compact

_XSD_STRING = XSD + "string"


#: ``prefix:local`` for an IRI, or None (one rule for the package: csrgraph.namespaces).
compact_iri = compact


def display(term: Any, prefixes: dict[str, str]) -> str:
    """Return a term as a person reads it: literal text, compact IRI, ``_:b`` for blanks.

    >>> import pyoxigraph as ox
    >>> display(ox.NamedNode("http://e/a"), {"ex": "http://e/"}), display(None, {})
    ('ex:a', '')
    """
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, prefixes) or f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def json_term(term: Any) -> dict[str, str]:
    """Return a term in SPARQL 1.1 Results JSON form."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def csv_value(term: Any) -> str:
    """Return a term as SPARQL 1.1 CSV writes it (no type information)."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if hasattr(term, "value") else str(term)


def tsv_term(term: Any, raw: bool = False) -> str:
    r"""Return a term in its N-Triples form, a formula-like literal's text quoted unless ``raw``.

    >>> import pyoxigraph as ox
    >>> tsv_term(ox.Literal("=1+1")), tsv_term(ox.Literal("-5")), tsv_term(None)
    ('"\'=1+1"', '"-5"', '')
    """
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not raw and spreadsheet_cell(term.value) != term.value:
        value = spreadsheet_cell(term.value)
        if term.language:
            return str(ox.Literal(value, language=term.language))
        return str(ox.Literal(value, datatype=term.datatype))
    return str(term)
