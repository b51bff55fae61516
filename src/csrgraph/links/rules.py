"""The SSSOM rules a mapping set must follow: required slots, SKOS predicates, SEMAPV terms.

>>> from csrgraph.links.sssom import read_mapping_set
>>> problems(read_mapping_set())
[]
"""

from __future__ import annotations

import re

from csrgraph.errors import InputError
from csrgraph.links.sssom import _CURIE, MappingSet
from csrgraph.namespaces import SKOS  # noqa: F401 - csrgraph.links.rules.SKOS, kept

#: Metadata slots a mapping set must have (the SSSOM spec requires the first two; the
#: curie_map is required here because every CURIE must expand to an IRI).
REQUIRED_METADATA = ("mapping_set_id", "license", "curie_map")

#: Columns every row must fill.
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
SEMAPV = "https://w3id.org/semapv/vocab/"

#: The SKOS mapping properties a row may use.
SKOS_MAPPING_PREDICATES = frozenset(
    f"skos:{name}"
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
#: The mapping justifications of the SEMAPV vocabulary (local names).
SEMAPV_JUSTIFICATIONS = frozenset(
    {
        "LexicalMatching",
        "LogicalReasoning",
        "CompositeMatching",
        "UnspecifiedMatching",
        "SemanticSimilarityThresholdMatching",
        "LexicalSimilarityThresholdMatching",
        "MappingChaining",
        "MappingReview",
        "ManualMappingCuration",
        "MappingInversion",
        "StructuralMatching",
        "InstanceBasedMatching",
        "BackgroundKnowledgeBasedMatching",
    }
)


def problems(ms: MappingSet) -> list[str]:
    """Return every breach of the SSSOM rules in ``ms`` (an empty list when it is valid).

    Checked: required metadata and columns, every CURIE's prefix declared in the
    ``curie_map`` (and every declared prefix used), SKOS mapping predicates, SEMAPV
    justifications, confidence within 0..1, labels present, no duplicate row.
    """
    found: list[str] = []
    for slot in REQUIRED_METADATA:
        if not ms.metadata.get(slot):
            found.append(f"metadata: {slot} is missing")
    for column in REQUIRED_COLUMNS:
        if column not in ms.columns:
            found.append(f"columns: {column} is missing")
    used: set[str] = set()

    def check_curie(value: str, what: str) -> None:
        match = _CURIE.match(value)
        if match is None:
            found.append(f"{what}: {value!r} is not a CURIE")
        elif match["prefix"] not in ms.curie_map:
            found.append(f"{what}: prefix {match['prefix']!r} is not declared in curie_map")
        else:
            used.add(match["prefix"])

    seen: set[tuple[str, str, str]] = set()
    for number, m in enumerate(ms.mappings, start=2):
        row = f"row {number} ({m.object_id})"
        for column in REQUIRED_COLUMNS:
            if not getattr(m, column):
                found.append(f"{row}: {column} is empty")
        for column in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            if getattr(m, column):
                check_curie(getattr(m, column), f"{row} {column}")
        if m.object_source:
            check_curie(m.object_source, f"{row} object_source")
        if m.predicate_id and m.predicate_id not in SKOS_MAPPING_PREDICATES:
            found.append(f"{row}: predicate {m.predicate_id} is not a SKOS mapping property")
        prefix, _, local = m.mapping_justification.partition(":")
        if ms.curie_map.get(prefix) != SEMAPV or local not in SEMAPV_JUSTIFICATIONS:
            found.append(f"{row}: justification {m.mapping_justification} is not a semapv: term")
        if m.confidence is not None and not 0.0 <= m.confidence <= 1.0:
            found.append(f"{row}: confidence {m.confidence} is outside 0..1")
        if not m.subject_label or not m.object_label:
            found.append(f"{row}: subject_label and object_label must be given")
        key = (m.subject_id, m.predicate_id, m.object_id)
        if key in seen:
            found.append(f"{row}: duplicate of an earlier row")
        seen.add(key)
    for prefix, iri in ms.curie_map.items():
        if not re.match(r"^https?://", iri):
            found.append(f"curie_map: {prefix} expands to {iri!r}, not an HTTP(S) IRI")
        if prefix not in used:
            found.append(f"curie_map: {prefix} is declared but never used")
    return found


def ensure_valid(ms: MappingSet) -> MappingSet:
    """Return ``ms`` if it follows the SSSOM rules; otherwise raise :class:`InputError`."""
    found = problems(ms)
    if found:
        raise InputError(f"{ms._where()} breaks the SSSOM rules: " + "; ".join(found))
    return ms
