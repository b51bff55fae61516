"""Ontology documentation: one HTML page generated from the ontology by pyLODE.

pyLODE (the ``docs`` extra) lists every class and property with its labels, definitions,
domains, ranges and super-terms. It shows each term's labels side by side without a
separator, so the page is built from a copy of the ontology in which every own term has one
heading, ``english label (deutsche Bezeichnung)``; the ontology files are not changed.
pyLODE 3.4.1 cannot be imported from a wheel (it reads its own ``pyproject.toml``), hence
the ``!=3.4.1`` in the extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import UsageError

if TYPE_CHECKING:
    import rdflib

INDEX = "index.html"


def documentation_graph(graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Return a copy of the ontology whose terms each carry one bilingual title.

    Terms with an English and a German ``rdfs:label`` get ``dcterms:title`` "en (de)" in
    place of their labels; the ontology's own German and English titles are joined too.
    """
    import rdflib
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

    from csrgraph.graph.load import load_graph

    source = graph if graph is not None else load_graph(include_data=False)
    copy = rdflib.Graph()
    for triple in source:
        copy.add(triple)
    for prefix, ns in source.namespaces():
        copy.bind(prefix, ns, override=True)

    def bilingual(node: rdflib.term.Node, predicate: rdflib.URIRef) -> str | None:
        texts = {
            o.language: str(o)
            for o in source.objects(node, predicate)
            if isinstance(o, rdflib.Literal) and o.language
        }
        if "en" in texts and "de" in texts:
            return f"{texts['en']} ({texts['de']})"
        return None

    for term in set(source.subjects(RDFS.label, None)):
        title = bilingual(term, RDFS.label)
        if title is not None:
            copy.remove((term, RDFS.label, None))
            copy.add((term, DCTERMS.title, rdflib.Literal(title)))
    for onto in source.subjects(RDF.type, OWL.Ontology):
        title = bilingual(onto, DCTERMS.title)
        if title is not None:
            copy.remove((onto, DCTERMS.title, None))
            copy.add((onto, DCTERMS.title, rdflib.Literal(title)))
    return copy


def render_html(graph: rdflib.Graph | None = None) -> str:
    """Return the ontology's documentation as one HTML page.

    Raises:
        UsageError: pyLODE is not installed (``pip install 'csrgraph[docs]'``).

    """
    try:
        from pylode import OntPub
    except ImportError as err:
        raise UsageError(
            f"csrgraph docs needs pyLODE: pip install 'csrgraph[docs]' ({err})"
        ) from None
    import logging

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    html = OntPub(documentation_graph(graph), sort_subjects=True).make_html(include_css=True)
    return str(html)


def write(out_dir: str | Path, graph: rdflib.Graph | None = None) -> Path:
    """Write the documentation to ``out_dir/index.html`` (atomically) and return its path.

    On failure nothing is left behind, not even ``out_dir`` when this call created it.

    Raises:
        UsageError: pyLODE is not installed.
        InputError: ``out_dir`` cannot be written.

    """
    from csrgraph.writing import atomic_write, output_folder

    html = render_html(graph)
    with output_folder(out_dir) as folder:
        page = folder / INDEX
        atomic_write(page, html)
    return page
