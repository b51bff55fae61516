"""What is searchable, read from the graph through the ontology: kinds, labels, codes, schemes.

A resource is searchable when it is typed with one of the classes of :data:`KINDS` or a
subclass of one (``rdfs:subClassOf*``, so ``csro:Task``, a ``skos:Concept`` subclass, counts
as a task before it counts as a concept); its kind is the first that applies. Its names are
the values of the label properties of :data:`LABELS` or of their sub-properties
(``rdfs:subPropertyOf*``), and of SKOS-XL labels (the label node's literal form and short
title); its codes are its ``skos:notation`` and ``schema:codeValue``. Its scheme is the
``skos:inScheme`` or ``schema:inCodeSet`` it is in (the first by IRI when there are several),
named by the scheme's own label. No IRI pattern of the data is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from csrgraph._typing import PathLike
from csrgraph.namespaces import CSRO, ESCO_MODEL, RDFS, SCHEMA, SKOS, SKOSXL

#: Kind -> the classes whose instances (and their subclasses') are of that kind; first wins.
KINDS: dict[str, tuple[str, ...]] = {
    "occupation": (SCHEMA + "Occupation", ESCO_MODEL + "Occupation"),
    "skill": (ESCO_MODEL + "Skill",),
    "task": (CSRO + "Task",),
    "code": (SCHEMA + "CategoryCode",),
    "concept": (SKOS + "Concept", SKOS + "ConceptScheme", SCHEMA + "CategoryCodeSet"),
}

#: How a name is held: a preferred label, another name, or a code.
PREFERRED, ALTERNATE, CODE = "pref", "alt", "code"

#: Label property -> how it names (its sub-properties name the same way).
LABELS: dict[str, str] = {
    SKOS + "prefLabel": PREFERRED,
    RDFS + "label": PREFERRED,
    SCHEMA + "name": PREFERRED,
    SKOS + "altLabel": ALTERNATE,
    SKOS + "hiddenLabel": ALTERNATE,
    SCHEMA + "alternateName": ALTERNATE,
    SKOS + "notation": CODE,
    SCHEMA + "codeValue": CODE,
}
#: SKOS-XL label property -> how it names; the text is the label node's :data:`FORMS`.
XL_LABELS: dict[str, str] = {
    SKOSXL + "prefLabel": PREFERRED,
    SKOSXL + "altLabel": ALTERNATE,
    SKOSXL + "hiddenLabel": ALTERNATE,
}
FORMS = (SKOSXL + "literalForm", CSRO + "shortTitle")
#: The properties that put a resource in its scheme (a concept scheme, a code set).
SCHEME_PROPERTIES = (SKOS + "inScheme", SCHEMA + "inCodeSet")


def _values(pairs: Iterable[tuple[str, str]]) -> str:
    return " ".join(f'(<{iri}> "{value}")' for iri, value in pairs)


def closure_query(relation: str, pairs: Iterable[tuple[str, str]]) -> str:
    """Return the SELECT of the terms below each of ``pairs``' IRIs by ``relation``, 1+ steps.

    The terms themselves are added by the caller: a zero-length path matches only terms the
    graph holds as nodes, and ``skos:notation`` may be used only as a predicate.
    """
    return (
        f"SELECT ?term ?value WHERE {{ VALUES (?base ?value) {{ {_values(pairs)} }} "
        f"?term <{relation}>+ ?base . FILTER(isIRI(?term)) }}"
    )


def kinds_query(classes: Iterable[tuple[str, str]]) -> str:
    """Return the SELECT of every instance of ``classes`` (class IRI, kind) with its kind."""
    return (
        f"SELECT ?s ?kind WHERE {{ VALUES (?class ?kind) {{ {_values(classes)} }} "
        "?s a ?class . FILTER(isIRI(?s)) }"
    )


def labels_query(properties: Iterable[tuple[str, str]], xl: Iterable[tuple[str, str]]) -> str:
    """Return the SELECT of every name (label, other name, code) of anything, with how."""
    forms = " ".join(f"<{iri}>" for iri in FORMS)
    return (
        "SELECT ?s ?label ?how WHERE { "
        f"{{ VALUES (?p ?how) {{ {_values(properties)} }} ?s ?p ?label }} UNION "
        f"{{ VALUES (?p ?how) {{ {_values(xl)} }} ?s ?p ?node . "
        f"VALUES ?form {{ {forms} }} ?node ?form ?label }} "
        "FILTER(isIRI(?s) && isLiteral(?label)) }"
    )


def schemes_query() -> str:
    """Return the SELECT of each resource's schemes."""
    paths = "|".join(f"<{iri}>" for iri in SCHEME_PROPERTIES)
    return f"SELECT ?s ?scheme WHERE {{ ?s {paths} ?scheme . FILTER(isIRI(?scheme)) }}"


@dataclass(frozen=True)
class Entry:
    """One searchable name of a resource."""

    iri: str
    kind: str
    label: str
    lang: str
    how: str
    scheme: str
    scheme_label: str


def _run(text: str, data: list[PathLike], store_dir: PathLike | None) -> list[tuple[Any, ...]]:
    from csrgraph.sparql.api import run_query

    return run_query(text, data=data, store_dir=store_dir).rows


def _pick_label(names: list[tuple[str, str, str]], lang: str) -> str:
    """Return a preferred label in ``lang``, else in English, else any name (or ``""``)."""
    preferred = [(text, tag) for text, tag, how in names if how == PREFERRED]
    for wanted in (lang, "en", ""):
        for text, tag in sorted(preferred):
            if tag == wanted:
                return text
    pool = sorted(preferred) or sorted((text, tag) for text, tag, _ in names)
    return pool[0][0] if pool else ""


def read_entries(
    data: Iterable[PathLike] = (), store_dir: PathLike | None = None, lang: str = "en"
) -> list[Entry]:
    """Return every searchable name of the bundled graph plus ``data``, or of an index.

    ``lang`` chooses the language of the scheme labels.

    >>> entries = read_entries()
    >>> any(e.kind == "occupation" and e.lang == "de" for e in entries)
    True
    >>> sorted({e.kind for e in entries})
    ['code', 'concept', 'occupation', 'task']
    """
    files = list(data)

    def closed(relation: str, pairs: dict[str, str]) -> list[tuple[str, str]]:
        rank = list(dict.fromkeys(pairs.values()))  # a term under two bases: the first's
        found = dict(pairs)
        for term, value in _run(closure_query(relation, pairs.items()), files, store_dir):
            known = found.get(term.value)
            if known is None or rank.index(value.value) < rank.index(known):
                found[term.value] = value.value
        return list(found.items())

    classes = {cls: kind for kind, members in KINDS.items() for cls in members}
    order = list(KINDS)
    kinds: dict[str, str] = {}
    for s, kind in _run(kinds_query(closed(RDFS + "subClassOf", classes)), files, store_dir):
        known = kinds.get(s.value)
        if known is None or order.index(kind.value) < order.index(known):
            kinds[s.value] = kind.value
    schemes: dict[str, str] = {}
    for s, scheme in _run(schemes_query(), files, store_dir):
        if s.value in kinds and (s.value not in schemes or scheme.value < schemes[s.value]):
            schemes[s.value] = scheme.value
    wanted = set(kinds) | set(schemes.values())
    names: dict[str, list[tuple[str, str, str]]] = {}
    properties = closed(RDFS + "subPropertyOf", LABELS)
    xl = closed(RDFS + "subPropertyOf", XL_LABELS)
    for s, label, how in _run(labels_query(properties, xl), files, store_dir):
        if s.value in wanted:
            names.setdefault(s.value, []).append((label.value, label.language or "", how.value))
    scheme_labels = {iri: _pick_label(names.get(iri, []), lang) for iri in set(schemes.values())}
    entries = []
    for iri, kind in kinds.items():
        scheme = schemes.get(iri, "")
        for text, tag, how in sorted(set(names.get(iri, []))):
            if text.strip():
                entries.append(
                    Entry(iri, kind, text, tag, how, scheme, scheme_labels.get(scheme, ""))
                )
    return entries
