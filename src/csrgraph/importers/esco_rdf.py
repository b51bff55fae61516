"""Rows of ESCO's CSV files -> triples in ESCO's own model (used by :mod:`csrgraph.importers.esco`).

The namespaces, the kinds of file and the columns each needs, and the writer that turns one
row into its triples. A concept's language-independent triples are written once, when its
first row is read; labels and notes once per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError
from csrgraph.importers.csvrows import read_rows

if TYPE_CHECKING:
    import pyoxigraph

ESCO = "http://data.europa.eu/esco/"
MODEL = ESCO + "model#"
ISCO = ESCO + "isco/C"
SCHEME = ESCO + "concept-scheme/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
ISO_THES_STATUS = "http://purl.org/iso25964/skos-thes#status"
#: Where csrgraph puts the nodes it mints for an import (files, release, the output dataset).
IMPORT_BASE = "https://w3id.org/csrgraph/import/esco/"
#: The attribution ESCO's reuse policy asks for.
ATTRIBUTION = "© European Union, ESCO"
LICENCE = "https://eur-lex.europa.eu/eli/dec/2011/833/oj"
PUBLISHER = "http://publications.europa.eu/resource/authority/corporate-body/COM"

#: The prefixes of the Turtle output.
PREFIXES = {
    "esco": MODEL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "xsd": XSD,
    "occupation": ESCO + "occupation/",
    "skill": ESCO + "skill/",
    "isco": ISCO,
}

#: skillType and reuseLevel cells and the IRIs of ESCO's code lists for them.
SKILL_TYPES = {"skill/competence": "skill", "knowledge": "knowledge"}
REUSE_LEVELS = {
    level: level
    for level in ("transversal", "cross-sector", "sector-specific", "occupation-specific")
}
#: A skill's coded columns: column, the cell's values and the code list IRI of each, property.
SKILL_CODES = (
    ("skillType", SKILL_TYPES, "skill-type/", "skillType"),
    ("reuseLevel", REUSE_LEVELS, "skill-reuse-level/", "skillReuseLevel"),
)
RELATION_TYPES = {"essential": "relatedEssentialSkill", "optional": "relatedOptionalSkill"}


@dataclass(frozen=True)
class Kind:
    """One kind of file in the download: its name stem and what its rows need."""

    stem: str
    required: tuple[str, ...]
    concept_type: str | None = None  # the esco: class of its concepts, if any
    scheme: str = ""  # the concept scheme when the file has no inScheme column


OCCUPATIONS = Kind("occupations", ("conceptUri", "preferredLabel"), "Occupation", "occupations")
ISCO_GROUPS = Kind("ISCOGroups", ("conceptUri", "code", "preferredLabel"), None, "isco")
SKILLS = Kind("skills", ("conceptUri", "preferredLabel"), "Skill", "skills")
BROADER = Kind("broaderRelationsOccPillar", ("conceptUri", "broaderUri"))
SKILL_RELATIONS = Kind("occupationSkillRelations", ("occupationUri", "relationType", "skillUri"))
CONCEPT_KINDS = (ISCO_GROUPS, OCCUPATIONS, SKILLS)
KINDS = (*CONCEPT_KINDS, BROADER, SKILL_RELATIONS)

# --- the terms ----------------------------------------------------------------------------


class Terms:
    """pyoxigraph terms made once (the importer makes millions of triples from few terms)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.cache: dict[str, pyoxigraph.NamedNode] = {}

    def iri(self, value: str) -> pyoxigraph.NamedNode:
        """Return a cached named node of a vocabulary IRI."""
        node = self.cache.get(value)
        if node is None:
            node = self.cache[value] = self.ox.NamedNode(value)
        return node

    def data_iri(self, value: str, where: str, column: str) -> pyoxigraph.NamedNode:
        """Return the named node of an IRI from the data, or raise InputError at ``where``."""
        try:
            return self.ox.NamedNode(value)
        except ValueError as err:
            raise InputError(f"{where}: {column} {value!r} is not an IRI ({err})") from None


def _split(cell: str) -> list[str]:
    """Return the items of a list cell (one a line, or comma-separated IRIs), stripped."""
    return [item.strip() for item in re.split(r"[\n,]", cell) if item.strip()]


def _labels(cell: str) -> list[str]:
    """Return the labels of a label-list cell (one a line)."""
    return [item.strip() for item in cell.split("\n") if item.strip()]


@dataclass
class Selection:
    """What ``--concept`` asks for: the concepts to write and the occupations whose skills count.

    ``None`` fields mean everything.
    """

    concepts: set[str] | None = None
    with_skills: set[str] | None = None

    def wants(self, iri: str) -> bool:
        """Return True when the concept ``iri`` is written."""
        return self.concepts is None or iri in self.concepts

    def skills_of(self, iri: str) -> bool:
        """Return True when the skill relations of occupation ``iri`` are written."""
        return self.with_skills is None or iri in self.with_skills


# --- the triples --------------------------------------------------------------------------

Triples = list["pyoxigraph.Triple"]


class RowWriter:
    """Turns rows into lists of triples; remembers which concepts have their shared triples.

    Each method returns the triples of one row as a list (the caller chains them), with the
    vocabulary's nodes made once: the importer makes a million triples from a few terms.
    """

    def __init__(self, release: str, selection: Selection) -> None:
        self.t = Terms()
        self.release = release
        self.selection = selection
        self.seen: set[str] = set()
        self.nodes: dict[str, pyoxigraph.NamedNode] = {}  # concept IRIs already checked
        self.files: list[tuple[str, str]] = []  # (file node IRI, file name)
        self.base = f"{IMPORT_BASE}{release}/"
        iri = self.t.iri
        self.type, self.concept = iri(RDF_TYPE), iri(SKOS + "Concept")
        self.in_scheme, self.notation = iri(SKOS + "inScheme"), iri(SKOS + "notation")
        self.pref, self.derived = iri(SKOS + "prefLabel"), iri(PROV + "wasDerivedFrom")
        self.broader_p = iri(SKOS + "broader")
        self.label_columns = (
            ("altLabels", iri(SKOS + "altLabel")),
            ("hiddenLabels", iri(SKOS + "hiddenLabel")),
        )
        self.note_columns = (
            ("definition", iri(SKOS + "definition")),
            ("scopeNote", iri(SKOS + "scopeNote")),
            ("description", iri(DCTERMS + "description")),
        )
        self.relations = {k: iri(MODEL + v) for k, v in RELATION_TYPES.items()}

    def triple(self, s: pyoxigraph.NamedNode, p: str, o: object) -> pyoxigraph.Triple:
        """Return the triple ``s p o`` (``p`` an IRI string)."""
        return self.t.ox.Triple(s, self.t.iri(p), o)  # type: ignore[arg-type]

    def node(self, value: str, where: str, column: str) -> pyoxigraph.NamedNode:
        """Return the node of a concept IRI of the data, checked once."""
        found = self.nodes.get(value)
        if found is None:
            found = self.nodes[value] = self.t.data_iri(value, where, column)
        return found

    def file_node(self, path: Path) -> pyoxigraph.NamedNode:
        """Return the node of a source file (remembered for the provenance)."""
        iri = f"{self.base}file/{path.name}"
        if all(node != iri for node, _ in self.files):
            self.files.append((iri, path.name))
        return self.t.iri(iri)

    def concepts(self, kind: Kind, lang: str, path: Path) -> Iterator[Triples]:
        """Yield the triples of each row of one concept file in language ``lang``."""
        literal, triple = self.t.ox.Literal, self.t.ox.Triple
        source, wants = self.file_node(path), self.selection.wants
        for where, row in read_rows(path, kind.required):
            iri = row["conceptUri"]
            if not wants(iri):
                continue
            s = self.node(iri, where, "conceptUri")
            found = [] if iri in self.seen else self.shared(kind, s, row, where)
            self.seen.add(iri)
            label = row["preferredLabel"].strip()
            if not label:
                raise InputError(f"{where}: preferredLabel is empty")
            found.append(triple(s, self.pref, literal(label, language=lang)))
            for column, prop in self.label_columns:
                for alt in _labels(row.get(column, "")):
                    found.append(triple(s, prop, literal(alt, language=lang)))
            for column, prop in self.note_columns:
                text = row.get(column, "").strip()
                if text:
                    found.append(triple(s, prop, literal(text, language=lang)))
            found.append(triple(s, self.derived, source))
            yield found

    def shared(
        self, kind: Kind, s: pyoxigraph.NamedNode, row: dict[str, str], where: str
    ) -> Triples:
        """Return the triples of a concept that are the same in every language."""
        ox = self.t.ox
        found = [ox.Triple(s, self.type, self.concept)]
        if kind.concept_type:
            found.append(ox.Triple(s, self.type, self.t.iri(MODEL + kind.concept_type)))
        schemes = _split(row.get("inScheme", "")) or [SCHEME + kind.scheme]
        for scheme in schemes:
            found.append(ox.Triple(s, self.in_scheme, self.node(scheme, where, "inScheme")))
        code = row.get("code", "").strip()
        if code:
            found.append(ox.Triple(s, self.notation, ox.Literal(code)))
        group = row.get("iscoGroup", "").strip()
        if group:
            if not group.isdigit():
                raise InputError(f"{where}: iscoGroup {group!r} is not an ISCO-08 code")
            found.append(self.triple(s, MODEL + "memberOfISCOGroup", self.t.iri(ISCO + group)))
        status = row.get("status", "").strip()
        if status:
            found.append(self.triple(s, ISO_THES_STATUS, ox.Literal(status)))
        modified = row.get("modifiedDate", "").strip()
        if modified:
            date = ox.Literal(modified, datatype=self.t.iri(XSD + "dateTime"))
            found.append(self.triple(s, DCTERMS + "modified", date))
        note = row.get("regulatedProfessionNote", "").strip()
        if note:
            value = self.node(note, where, "regulatedProfessionNote")
            found.append(self.triple(s, MODEL + "regulatedProfessionNote", value))
        found.extend(self.skill_codes(s, row, where))
        return found

    def skill_codes(self, s: pyoxigraph.NamedNode, row: dict[str, str], where: str) -> Triples:
        """Return a skill's type and reuse level, as the IRIs of ESCO's code lists."""
        found = []
        for column, codes, code_list, prop in SKILL_CODES:
            value = row.get(column, "").strip()
            if not value:
                continue
            if value not in codes:
                known = ", ".join(codes)
                raise InputError(f"{where}: {column} {value!r} is not one of: {known}")
            iri = self.t.iri(f"{ESCO}{code_list}{codes[value]}")
            found.append(self.triple(s, MODEL + prop, iri))
        return found

    def broader(self, path: Path) -> Iterator[Triples]:
        """Yield the ``skos:broader`` triple of each row of the broader-relations file."""
        triple, wants = self.t.ox.Triple, self.selection.wants
        for where, row in read_rows(path, BROADER.required):
            if wants(row["conceptUri"]):
                s = self.node(row["conceptUri"], where, "conceptUri")
                o = self.node(row["broaderUri"], where, "broaderUri")
                yield [triple(s, self.broader_p, o)]

    def skill_relations(self, path: Path) -> Iterator[Triples]:
        """Yield the essential or optional skill relation of each row."""
        triple, skills_of, relations = self.t.ox.Triple, self.selection.skills_of, self.relations
        for where, row in read_rows(path, SKILL_RELATIONS.required):
            if not skills_of(row["occupationUri"]):
                continue
            relation = relations.get(row["relationType"].strip())
            if relation is None:
                known = ", ".join(RELATION_TYPES)
                got = row["relationType"]
                raise InputError(f"{where}: relationType {got!r} is not one of: {known}")
            s = self.node(row["occupationUri"], where, "occupationUri")
            o = self.node(row["skillUri"], where, "skillUri")
            yield [triple(s, relation, o)]

    def description(self) -> Triples:
        """Return the provenance of the files and the dataset description of the output."""
        return list(self._description())

    def _description(self) -> Iterator[pyoxigraph.Triple]:
        ox = self.t.ox
        release = self.t.iri(f"{self.base}release")
        dataset = self.t.iri(f"{self.base}dataset")
        commission = self.t.iri(PUBLISHER)
        title = f"ESCO v{self.release}"
        yield self.triple(release, RDF_TYPE, self.t.iri(PROV + "Entity"))
        yield self.triple(release, DCTERMS + "title", ox.Literal(title))
        yield self.triple(release, DCTERMS + "hasVersion", ox.Literal(self.release))
        yield self.triple(release, DCTERMS + "publisher", commission)
        yield self.triple(release, PROV + "wasAttributedTo", commission)
        yield self.triple(release, DCTERMS + "license", self.t.iri(LICENCE))
        yield self.triple(release, DCTERMS + "rights", ox.Literal(ATTRIBUTION))
        for iri, name in self.files:
            node = self.t.iri(iri)
            yield self.triple(node, RDF_TYPE, self.t.iri(PROV + "Entity"))
            yield self.triple(node, DCTERMS + "title", ox.Literal(name))
            yield self.triple(node, DCTERMS + "isPartOf", release)
            yield self.triple(node, PROV + "wasAttributedTo", commission)
            yield self.triple(dataset, PROV + "wasDerivedFrom", node)
        yield self.triple(dataset, RDF_TYPE, self.t.iri("http://rdfs.org/ns/void#Dataset"))
        text = f"{title} as RDF, imported by csrgraph from the CSV download. {ATTRIBUTION}."
        yield self.triple(
            dataset, DCTERMS + "title", ox.Literal(f"{title} (import)", language="en")
        )
        yield self.triple(dataset, DCTERMS + "description", ox.Literal(text, language="en"))
        yield self.triple(dataset, DCTERMS + "source", release)
        yield self.triple(dataset, DCTERMS + "rights", ox.Literal(ATTRIBUTION))
        yield self.triple(dataset, DCTERMS + "license", self.t.iri(LICENCE))
