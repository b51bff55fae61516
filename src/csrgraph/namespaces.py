"""Every namespace csrgraph names, written once, and the rules for short names of IRIs.

A leaf: it imports nothing of csrgraph and no RDF library, so the CLI's help can load it.
The prefixes are the usual ones (the ontology's own is ``csro``); :data:`PREFIXES` maps each
to its namespace. :func:`compact` and :func:`expand` turn IRIs into ``prefix:local`` and back,
:func:`used_prefixes` keeps the prefixes a set of IRIs needs.

>>> compact(SCHEMA + "Occupation", PREFIXES)
'schema:Occupation'
>>> expand("csro:Claim", PREFIXES) == CSRO + "Claim"
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: The base of every IRI csrgraph mints (``.../task/process-orders``).
BASE = "https://w3id.org/csrgraph/"
#: The ontology's terms.
CSRO = BASE + "ontology#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
#: ESCO's own model (``esco:Occupation``, ``esco:Skill``), the vocabulary of the ESCO import.
ESCO_MODEL = "http://data.europa.eu/esco/model#"
#: The W3C's IRIs of RDF serialisation formats (``formats:Turtle``), used by VoID and DCAT.
W3C_FORMATS = "http://www.w3.org/ns/formats/"

RDF_TYPE = RDF + "type"

#: Every namespace above by its usual prefix.
PREFIXES: dict[str, str] = {
    "csro": CSRO,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
    "skos": SKOS,
    "skosxl": SKOSXL,
    "schema": SCHEMA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "formats": W3C_FORMATS,
}

#: The languages of the graph's labels and of ``--lang``: one ``@de`` and one ``@en`` label.
LABEL_LANGUAGES = ("de", "en")

#: A CURIE: a prefix name, a colon and a local part without white space.
CURIE = re.compile(r"^(?P<prefix>[A-Za-z_][A-Za-z0-9_.-]*):(?P<local>\S*)$")


def compact(iri: str, prefixes: Mapping[str, str]) -> str | None:
    """Return ``prefix:local`` for ``iri``, or None when no prefix gives a simple local part.

    The longest matching namespace wins; the local part may hold letters, digits, ``-`` and
    ``_`` (or be empty), so the short form reads back unchanged in Turtle and SPARQL.

    >>> compact("https://schema.org/Occupation", {"schema": "https://schema.org/"})
    'schema:Occupation'
    >>> compact("https://w3id.org/csrgraph/ontology#Claim", {"b": BASE, "csro": CSRO})
    'csro:Claim'
    >>> compact("https://example.org/a b", {"ex": "https://example.org/"}) is None
    True
    """
    best: str | None = None
    for name, base in prefixes.items():
        if iri.startswith(base) and (best is None or len(base) > len(prefixes[best])):
            local = iri[len(base) :]
            if local == "" or local.replace("-", "").replace("_", "").isalnum():
                best = name
    return None if best is None else f"{best}:{iri[len(prefixes[best]) :]}"


def expand(curie: str, prefixes: Mapping[str, str]) -> str | None:
    """Return the IRI of ``curie``, or None when it is not a CURIE of a declared prefix.

    >>> expand("skos:exactMatch", PREFIXES)
    'http://www.w3.org/2004/02/skos/core#exactMatch'
    >>> expand("nope:x", PREFIXES) is None, expand("no curie", PREFIXES) is None
    (True, True)
    """
    match = CURIE.match(curie)
    if match is None or match["prefix"] not in prefixes:
        return None
    return prefixes[match["prefix"]] + match["local"]


def used_prefixes(terms: Iterable[str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """Keep the prefixes (in their order) whose namespace starts some IRI of ``terms``.

    >>> used_prefixes([SCHEMA + "Occupation"], {"skos": SKOS, "schema": SCHEMA})
    {'schema': 'https://schema.org/'}
    """
    iris = set(terms)
    return {
        name: namespace
        for name, namespace in prefixes.items()
        if any(iri.startswith(namespace) for iri in iris)
    }
