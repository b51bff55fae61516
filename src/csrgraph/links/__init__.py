"""Links to other occupation datasets: the SSSOM mapping set, its RDF forms, and a link checker.

The mapping set is the single source: ``data/*.sssom.tsv`` (SSSOM TSV, a YAML metadata block
then one row per mapping). The package is laid out by role:

* :mod:`~csrgraph.links.sssom`: reading SSSOM TSV (:func:`read_mapping_set`);
* :mod:`~csrgraph.links.rules`: the SSSOM rules (:func:`problems`, :func:`ensure_valid`);
* :mod:`~csrgraph.links.rdf`: the SKOS mapping triples and ``schema:occupationalCategory``
  codes of ``data/mappings.ttl`` (:func:`mappings_turtle`; a test regenerates and compares
  the committed file), the VoID linksets, the rows of ``csrgraph links``;
* :mod:`~csrgraph.links.check`: the HTTP check of every target IRI (:func:`check_links`).

Every public name is importable from here. The package knows SSSOM, SKOS and schema.org,
never the data: which codes exist, their labels and IRIs all come from the mapping set.

>>> ms = read_mapping_set()
>>> problems(ms)
[]
>>> all(m.predicate_id.startswith("skos:") for m in ms.mappings)
True
"""

from __future__ import annotations

from csrgraph.links.check import (
    MAX_RDF_BYTES,
    RDF_ACCEPT,
    RDF_MEDIA_TYPES,
    STATUS_FIELDS,
    USER_AGENT,
    LinkStatus,
    check_links,
    check_one,
    rewrite_url,
)
from csrgraph.links.rdf import (
    CATEGORY_PREDICATES,
    LABEL_LANGUAGES,
    REGENERATE_COMMAND,
    ROW_FIELDS,
    category_code_iri,
    code_label,
    code_value,
    mapping_rows,
    mappings_graph,
    mappings_turtle,
    own_namespace,
    void_linksets,
)
from csrgraph.links.rules import (
    REQUIRED_COLUMNS,
    REQUIRED_METADATA,
    SEMAPV,
    SEMAPV_JUSTIFICATIONS,
    SKOS,
    SKOS_MAPPING_PREDICATES,
    ensure_valid,
    problems,
)
from csrgraph.links.sssom import (
    KNOWN_COLUMNS,
    Mapping,
    MappingSet,
    default_path,
    parse_metadata,
    read_mapping_set,
)

__all__ = [
    "CATEGORY_PREDICATES",
    "KNOWN_COLUMNS",
    "LABEL_LANGUAGES",
    "MAX_RDF_BYTES",
    "RDF_ACCEPT",
    "RDF_MEDIA_TYPES",
    "REGENERATE_COMMAND",
    "REQUIRED_COLUMNS",
    "REQUIRED_METADATA",
    "ROW_FIELDS",
    "SEMAPV",
    "SEMAPV_JUSTIFICATIONS",
    "SKOS",
    "SKOS_MAPPING_PREDICATES",
    "STATUS_FIELDS",
    "USER_AGENT",
    "LinkStatus",
    "Mapping",
    "MappingSet",
    "category_code_iri",
    "check_links",
    "check_one",
    "code_label",
    "code_value",
    "default_path",
    "ensure_valid",
    "mapping_rows",
    "mappings_graph",
    "mappings_turtle",
    "own_namespace",
    "parse_metadata",
    "problems",
    "read_mapping_set",
    "rewrite_url",
    "void_linksets",
]
