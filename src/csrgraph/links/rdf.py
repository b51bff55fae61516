"""The mapping set's RDF forms: SKOS mapping triples, schema.org category codes, VoID linksets.

Also the flat rows of ``csrgraph links``. Everything is derived from the SSSOM rows: which
codes exist, their labels and IRIs all come from the mapping set, never from this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from csrgraph.links.rules import ensure_valid
from csrgraph.links.sssom import Mapping, MappingSet, read_mapping_set
from csrgraph.namespaces import LABEL_LANGUAGES

if TYPE_CHECKING:
    import rdflib


#: Rows with these predicates also make the target an ``occupationalCategory`` of the
#: subject: the target can stand for the subject as its category. A narrower or merely
#: related target cannot.
CATEGORY_PREDICATES = frozenset({"skos:exactMatch", "skos:closeMatch", "skos:broadMatch"})


def slug(text: str) -> str:
    """Return ``text`` as a lower-case IRI segment: letters, digits, dots and hyphens.

    >>> slug("Task Statements.txt")
    'task-statements.txt'
    >>> slug("43-4051.00 2578")
    '43-4051.00-2578'
    """
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def code_value(m: Mapping) -> str:
    """Return the code of a mapping target: the local part of its CURIE, tidied per scheme.

    The ``.htm`` of a page-per-code IRI is dropped, and six bare digits (a SOC code whose
    page name drops the hyphen) are written ``NN-NNNN`` as the SOC writes them.

    >>> code_value(Mapping("a:x", "skos:exactMatch", "SOC:434051.htm", "semapv:X"))
    '43-4051'
    >>> code_value(Mapping("a:x", "skos:exactMatch", "ISCO:4222", "semapv:X"))
    '4222'
    """
    local = m.object_id.partition(":")[2]
    local = re.sub(r"\.html?$", "", local)
    if re.fullmatch(r"\d{6}", local):
        local = f"{local[:2]}-{local[2:]}"
    return local


def category_code_iri(ms: MappingSet, m: Mapping) -> str:
    """Return the IRI of the ``schema:CategoryCode`` node for a mapping target.

    It lives in the namespace of the subject's prefix: ``<base>code/<code set>-<code>``.
    """
    base = own_namespace(ms, m)
    code_set = m.object_source.rpartition("/")[2] or slug(m.object_source_version)
    return f"{base}code/{code_set}-{slug(code_value(m))}"


def own_namespace(ms: MappingSet, m: Mapping) -> str:
    """Return the namespace of the mapping's subject prefix (the dataset's own IRIs)."""
    prefix = m.subject_id.partition(":")[0]
    return ms.curie_map.get(prefix, "")


# A label per language of LABEL_LANGUAGES. A code's label names it: its notation and its
# official title (``SOC 2018 43-4051 Customer Service Representatives``); a code set's label is
# its name and version. The mapping set gives each in one form only, the classification's own,
# so the label is the same in every language: no translation is invented.
def code_label(m: Mapping) -> str:
    """Return the label of a mapping target's code: notation, then official title.

    >>> code_label(Mapping("a:x", "skos:closeMatch", "ISCO:4222", "semapv:X",
    ...                    object_label="Contact centre information clerks",
    ...                    object_source_version="ISCO-08"))
    'ISCO-08 4222 Contact centre information clerks'
    """
    notation = f"{m.object_source_version} {code_value(m)}".strip()
    return f"{notation} {m.object_label}".strip()


def mappings_graph(ms: MappingSet | None = None, *, categories: bool = True) -> rdflib.Graph:
    """Return the mapping set as RDF: SKOS mapping triples plus occupational category codes.

    Each row becomes ``subject <predicate> object``. Rows whose predicate is in
    :data:`CATEGORY_PREDICATES` also give the subject a ``schema:occupationalCategory``: a
    ``schema:CategoryCode`` with ``codeValue``, ``name`` (the object label), ``url`` (the
    target IRI, unless the code lives in our own namespace) and ``inCodeSet`` (a
    ``schema:CategoryCodeSet`` named by ``object_source_version``). Codes and code sets also
    get a ``skos:prefLabel`` per language of :data:`LABEL_LANGUAGES` (:func:`code_label`).
    With ``categories=False`` only the SKOS triples are given (for mapping sets whose
    subjects are not occupations, e.g. task statements).
    """
    import rdflib
    from rdflib.namespace import RDF, SDO
    from rdflib.namespace import SKOS as SKOS_NS

    ms = ensure_valid(ms or read_mapping_set())
    graph = rdflib.Graph()
    graph.bind("skos", SKOS_NS)
    graph.bind("schema", SDO)
    for m in ms.mappings:
        subject = rdflib.URIRef(ms.expand(m.subject_id))
        target = ms.expand(m.object_id)
        graph.add((subject, rdflib.URIRef(ms.expand(m.predicate_id)), rdflib.URIRef(target)))
        if not categories or m.predicate_id not in CATEGORY_PREDICATES:
            continue
        code = rdflib.URIRef(category_code_iri(ms, m))
        graph.add((subject, SDO.occupationalCategory, code))
        graph.add((code, RDF.type, SDO.CategoryCode))
        graph.add((code, SDO.codeValue, rdflib.Literal(code_value(m))))
        graph.add((code, SDO.name, rdflib.Literal(m.object_label)))
        for lang in LABEL_LANGUAGES:
            graph.add((code, SKOS_NS.prefLabel, rdflib.Literal(code_label(m), lang=lang)))
        if str(code) != target:
            graph.add((code, SDO.url, rdflib.URIRef(target)))
        if m.object_source:
            code_set = rdflib.URIRef(ms.expand(m.object_source))
            graph.add((code, SDO.inCodeSet, code_set))
            graph.add((code_set, RDF.type, SDO.CategoryCodeSet))
            if m.object_source_version:
                graph.add((code_set, SDO.name, rdflib.Literal(m.object_source_version)))
                for lang in LABEL_LANGUAGES:
                    label = rdflib.Literal(m.object_source_version, lang=lang)
                    graph.add((code_set, SKOS_NS.prefLabel, label))
    return graph


#: The command that regenerates ``data/mappings.ttl`` (named by the drift test's message).
REGENERATE_COMMAND = "csrgraph links -f ttl -o data/mappings.ttl"


def mappings_turtle(
    ms: MappingSet | None = None,
    *,
    command: str = REGENERATE_COMMAND,
    categories: bool = True,
) -> str:
    """Return ``data/mappings.ttl`` as text: a header comment, then sorted, stable Turtle.

    ``command`` is the command the header names as the one that regenerates the file;
    ``categories`` is passed on to :func:`mappings_graph`.
    """
    ms = ms or read_mapping_set()
    body = mappings_graph(ms, categories=categories).serialize(format="turtle")
    source = ms.path.name if ms.path else "the SSSOM mapping set"
    header = (
        f"# Generated from {source} by `{command}`; do not edit by hand.\n"
        f"# The SSSOM file is the source: it gives each mapping its justification.\n"
        "# Licence of this file: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n"
    )
    return header + body


def void_linksets(ms: MappingSet, dataset: str) -> rdflib.Graph:
    """Return VoID linksets for ``dataset``: one per target code set and predicate.

    For the dataset description: each linkset says which predicate links the dataset to
    which code set, and how many links it has.
    """
    import rdflib
    from rdflib.namespace import RDF, VOID

    graph = rdflib.Graph()
    groups: dict[tuple[str, str], int] = {}
    for m in ensure_valid(ms).mappings:
        key = (m.object_source or m.object_id.partition(":")[0], m.predicate_id)
        groups[key] = groups.get(key, 0) + 1
    for (source, predicate), count in sorted(groups.items()):
        target = ms.expand(source) if ":" in source else source
        name = f"{target.rpartition('/')[2]}-{predicate.partition(':')[2]}"
        linkset = rdflib.URIRef(f"{dataset.rstrip('/#')}/linkset/{slug(name)}")
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, rdflib.URIRef(dataset)))
        graph.add((linkset, VOID.objectsTarget, rdflib.URIRef(target)))
        graph.add((linkset, VOID.linkPredicate, rdflib.URIRef(ms.expand(predicate))))
        graph.add((linkset, VOID.triples, rdflib.Literal(count)))
    return graph


# --- rows for `csrgraph links` ---------------------------------------------------------------

ROW_FIELDS = (
    "object_id",
    "object_label",
    "predicate_id",
    "confidence",
    "object_source_version",
    "object_iri",
    "comment",
    "see_also",
)


def mapping_rows(ms: MappingSet | None = None) -> list[dict[str, str]]:
    """Return one dict per mapping, with the fields of :data:`ROW_FIELDS`.

    >>> rows = mapping_rows()
    >>> set(rows[0]) == set(ROW_FIELDS)
    True
    """
    ms = ensure_valid(ms or read_mapping_set())
    return [
        {
            "object_id": m.object_id,
            "object_label": m.object_label,
            "predicate_id": m.predicate_id,
            "confidence": "" if m.confidence is None else f"{m.confidence:g}",
            "object_source_version": m.object_source_version,
            "object_iri": ms.expand(m.object_id),
            "comment": m.comment,
            "see_also": m.see_also,
        }
        for m in ms.mappings
    ]
