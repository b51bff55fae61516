"""Explain a fact: the statement behind a fact ID or a modelled node, with its source text.

Only the ontology is known here (``csro:Statement``, ``csro:factId``, ``csro:quote``,
``csro:rendering``, ``csro:section``, PROV-O); any occupation in the same vocabulary works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from csrgraph._typing import PathLike
from csrgraph.arguments import as_paths, check_text
from csrgraph.errors import UsageError

_QUERY = """
PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?statement ?factId
       (SAMPLE(?q) AS ?quote) (SAMPLE(?r) AS ?rendering)
       (SAMPLE(?sectionLabel) AS ?section) (SAMPLE(?authorityLabel) AS ?authority)
       (SAMPLE(?docLabel) AS ?document)
WHERE {
  ?statement a csro:Statement ; csro:factId ?factId .
  OPTIONAL { ?statement csro:quote ?q }
  OPTIONAL { ?statement csro:rendering ?r }
  OPTIONAL {
    ?statement csro:section ?sec .
    OPTIONAL { ?sec skos:prefLabel ?secPref FILTER(lang(?secPref) = ?_lang) }
    OPTIONAL { ?sec csro:heading ?secHeading }
    BIND(COALESCE(?secPref, ?secHeading, STR(?sec)) AS ?sectionLabel)
  }
  OPTIONAL {
    ?statement prov:wasAttributedTo ?auth .
    OPTIONAL { ?auth skos:prefLabel ?authPref FILTER(lang(?authPref) = ?_lang) }
    OPTIONAL { ?auth schema:name ?authName }
    BIND(COALESCE(?authPref, ?authName, STR(?auth)) AS ?authorityLabel)
  }
  OPTIONAL {
    ?statement prov:wasQuotedFrom ?doc .
    OPTIONAL { ?doc skos:prefLabel ?docPref FILTER(lang(?docPref) = ?_lang) }
    OPTIONAL { ?doc dcterms:title ?docTitle }
    BIND(COALESCE(?docPref, ?docTitle, STR(?doc)) AS ?docLabel)
  }
}
GROUP BY ?statement ?factId
ORDER BY ?factId
"""

_NODES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?statement ?node (SAMPLE(?l) AS ?label) WHERE {
  ?node prov:wasDerivedFrom ?statement .
  OPTIONAL { ?node skos:prefLabel ?l FILTER(lang(?l) = ?_lang) }
}
GROUP BY ?statement ?node
ORDER BY ?node
"""

_FACT_ID = re.compile(r"[A-Za-z]{1,3}\d{1,4}")


@dataclass
class Explanation:
    """One statement of the source: its quote, rendering, section, authority and nodes.

    ``quote_lang`` and ``rendering_lang`` are the language tags of the quote and the
    rendering literals (None for a plain literal): the source's language is the data's, not
    assumed.
    """

    statement: str
    fact_id: str
    quote: str | None
    rendering: str | None
    section: str | None
    authority: str | None
    document: str | None
    nodes: list[tuple[str, str | None]] = field(default_factory=list)
    quote_lang: str | None = None
    rendering_lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the explanation as a JSON-ready dict (the form ``explain -f json`` writes).

        The language tags are attributes only: the JSON keeps the keys it has always had.
        """
        data = asdict(self)
        data["nodes"] = [{"iri": iri, "label": label} for iri, label in self.nodes]
        del data["quote_lang"], data["rendering_lang"]
        return data


def _value(term: Any) -> str | None:
    """Return a term's text, or None."""
    return None if term is None else str(term.value)


def _language(term: Any) -> str | None:
    """Return a literal's language tag, or None (no term, or no tag)."""
    return getattr(term, "language", None) or None


def explain(target: str, *, lang: str = "en", data: Iterable[PathLike] = ()) -> list[Explanation]:
    """Return the statement(s) behind a fact ID (``F27``), a statement IRI or a modelled node.

    Args:
        target: a fact ID, an IRI (bare or ``<...>``) or a prefixed name known to the graph.
        lang: the language of the labels (section, authority, nodes).
        data: extra RDF files added to the bundled graph.

    Raises:
        UsageError: nothing in the graph matches ``target``.

    >>> [e.fact_id for e in explain("f27")]
    ['F27']

    """
    import difflib

    import pyoxigraph as ox

    from csrgraph.graph.load import bundled_prefixes, load_store
    from csrgraph.sparql.evaluate import on_store

    check_text(target, "target")
    check_text(lang, "lang")
    store = load_store(as_paths(data))
    bindings = {"_lang": ox.Literal(lang)}

    def run(text: str) -> list[dict[str, Any]]:
        result = on_store(store, text, bindings, name="explain")  # bound as run_query binds
        return [dict(zip(result.variables, row, strict=True)) for row in result.rows]

    statements = run(_QUERY)
    by_iri = {_value(row["statement"]): row for row in statements}
    wanted = target.strip()
    if _FACT_ID.fullmatch(wanted):
        chosen = [row for row in statements if _value(row["factId"]) == wanted.upper()]
        if not chosen:
            ids = [str(_value(row["factId"])) for row in statements]
            close = difflib.get_close_matches(wanted.upper(), ids, n=3, cutoff=0.5)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise UsageError(f"no statement has the fact ID {wanted!r}{hint}")
    else:
        iri = wanted[1:-1] if wanted.startswith("<") and wanted.endswith(">") else wanted
        prefix, sep, local = iri.partition(":")
        prefixes = bundled_prefixes()
        if sep and prefix in prefixes and not local.startswith("//"):
            iri = prefixes[prefix] + local
        if iri in by_iri:
            chosen = [by_iri[iri]]
        else:
            derived_from = run(_NODES)
            sources = sorted(
                {str(_value(r["statement"])) for r in derived_from if _value(r["node"]) == iri}
            )
            chosen = [by_iri[s] for s in sources if s in by_iri]
        if not chosen:
            raise UsageError(
                f"{wanted}: neither a fact ID nor a statement or node derived from one "
                "(try a fact ID such as the ones `csrgraph query` shows, or a full IRI)"
            )
    nodes = run(_NODES)
    explanations = []
    for row in chosen:
        statement = str(_value(row["statement"]))
        derived = [
            (str(_value(n["node"])), _value(n["label"]))
            for n in nodes
            if _value(n["statement"]) == statement
        ]
        explanations.append(
            Explanation(
                statement=statement,
                fact_id=str(_value(row["factId"])),
                quote=_value(row["quote"]),
                rendering=_value(row["rendering"]),
                section=_value(row["section"]),
                authority=_value(row["authority"]),
                document=_value(row["document"]),
                nodes=derived,
                quote_lang=_language(row["quote"]),
                rendering_lang=_language(row["rendering"]),
            )
        )
    return explanations
