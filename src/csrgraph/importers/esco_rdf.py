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

from csrgraph.importers.api import ImportReport
from csrgraph.importers.output import PREFIXES as RECORD_PREFIXES
from csrgraph.importers.provenance import BASE, Publisher, Release
from csrgraph.importers.tables import Row
from csrgraph.namespaces import DCTERMS, PROV, RDF_TYPE, SKOS, XSD

if TYPE_CHECKING:
    import pyoxigraph

ESCO = "http://data.europa.eu/esco/"
MODEL = ESCO + "model#"
ISCO = ESCO + "isco/C"
SCHEME = ESCO + "concept-scheme/"
ISO_THES_STATUS = "http://purl.org/iso25964/skos-thes#status"
#: The attribution ESCO's reuse policy (Commission Decision 2011/833/EU) asks for.
ATTRIBUTION = "© European Union, ESCO"
LICENCE = "https://eur-lex.europa.eu/eli/dec/2011/833/oj"

COMMISSION = Publisher(
    iri=f"{BASE}org/european-commission",
    name="European Commission",
    label_de="Europäische Kommission",
    label_en="European Commission",
    abbreviation="EC",
    url="https://commission.europa.eu/",
)

#: The prefixes of the Turtle output.
PREFIXES = {
    **RECORD_PREFIXES,
    "esco": MODEL,
    "occupation": ESCO + "occupation/",
    "skill": ESCO + "skill/",
    "isco": ISCO,
}


def release(version: str, issued: str, language: str = "en") -> Release:
    """Return ESCO release ``version`` (e.g. ``1.2.0``), issued ``issued`` (``YYYY-MM``).

    ``language`` is the ISO 639-1 code of the imported text (the first language read).
    """
    return Release(
        key="esco",
        title=f"ESCO v{version}",
        version=version,
        issued=issued,
        language=language,
        licence=LICENCE,
        attribution=f"ESCO v{version}, {ATTRIBUTION} (https://esco.ec.europa.eu/)",
        publisher=COMMISSION,
        url="https://esco.ec.europa.eu/en/use-esco/download",
    )


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
#: Why a row is left out (:class:`~csrgraph.importers.api.ImportReport`): not what
#: ``concepts`` asks for.
NOT_SELECTED = "concept not selected"


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
SCHEMES = Kind("conceptSchemes", ("conceptSchemeUri",))
CONCEPT_KINDS = (ISCO_GROUPS, OCCUPATIONS, SKILLS)
KINDS = (*CONCEPT_KINDS, BROADER, SKILL_RELATIONS, SCHEMES)

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

    def data_iri(self, value: str, row: Row, column: str) -> pyoxigraph.NamedNode:
        """Return the named node of an IRI from the data, or raise InputError about ``row``."""
        try:
            return self.ox.NamedNode(value)
        except ValueError as err:
            raise row.fail(f"{column} {value!r} is not an IRI ({err})") from None


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
    Every concept row also gets its record (:meth:`Release.record`: file, row key = the
    concept IRI, release), which the concept points to with ``prov:wasDerivedFrom``. The rows
    read and skipped are counted in ``report``.
    """

    def __init__(self, rel: Release, selection: Selection, report: ImportReport) -> None:
        self.t = Terms()
        self.report = report
        self.rel = rel
        self.selection = selection
        self.seen: set[str] = set()
        self.schemes: set[str] = set()  # the concept schemes the concepts written are in
        self.nodes: dict[str, pyoxigraph.NamedNode] = {}  # concept IRIs already checked
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
        return self.t.ox.Triple(s, self.t.iri(p), o)

    def node(self, value: str, row: Row, column: str) -> pyoxigraph.NamedNode:
        """Return the node of a concept IRI of the data, checked once."""
        found = self.nodes.get(value)
        if found is None:
            found = self.nodes[value] = self.t.data_iri(value, row, column)
        return found

    def concepts(self, kind: Kind, lang: str, path: Path) -> Iterator[Triples]:
        """Yield the triples of each row of one concept file in language ``lang``."""
        literal, triple = self.t.ox.Literal, self.t.ox.Triple
        wants, record = self.selection.wants, self.rel.record
        for line in self.report.read(path, kind.required, delimiter=",", quoted=True):
            row = line.cells
            iri = row["conceptUri"]
            if not wants(iri):
                self.report.skip(path.name, NOT_SELECTED)
                continue
            s = self.node(iri, line, "conceptUri")
            found = [] if iri in self.seen else self.shared(kind, s, line)
            self.seen.add(iri)
            label = line.text("preferredLabel")
            found.append(triple(s, self.pref, literal(label, language=lang)))
            for column, prop in self.label_columns:
                for alt in _labels(row.get(column, "")):
                    found.append(triple(s, prop, literal(alt, language=lang)))
            for column, prop in self.note_columns:
                text = row.get(column, "").strip()
                if text:
                    found.append(triple(s, prop, literal(text, language=lang)))
            source, provenance = record(path.name, iri)
            found.append(triple(s, self.derived, self.t.ox.NamedNode(source)))
            found.extend(provenance)
            yield found

    def shared(self, kind: Kind, s: pyoxigraph.NamedNode, line: Row) -> Triples:
        """Return the triples of a concept that are the same in every language."""
        ox, row = self.t.ox, line.cells
        found = [ox.Triple(s, self.type, self.concept)]
        if kind.concept_type:
            found.append(ox.Triple(s, self.type, self.t.iri(MODEL + kind.concept_type)))
        schemes = _split(row.get("inScheme", "")) or [SCHEME + kind.scheme]
        for scheme in schemes:
            found.append(ox.Triple(s, self.in_scheme, self.node(scheme, line, "inScheme")))
            self.schemes.add(scheme)
        code = row.get("code", "").strip()
        if code:
            found.append(ox.Triple(s, self.notation, ox.Literal(code)))
        group = row.get("iscoGroup", "").strip()
        if group:
            if not group.isdigit():
                raise line.fail(f"iscoGroup {group!r} is not an ISCO-08 code")
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
            value = self.node(note, line, "regulatedProfessionNote")
            found.append(self.triple(s, MODEL + "regulatedProfessionNote", value))
        found.extend(self.skill_codes(s, line))
        return found

    def skill_codes(self, s: pyoxigraph.NamedNode, line: Row) -> Triples:
        """Return a skill's type and reuse level, as the IRIs of ESCO's code lists."""
        found = []
        for column, codes, code_list, prop in SKILL_CODES:
            value = line.cells.get(column, "").strip()
            if not value:
                continue
            if value not in codes:
                known = ", ".join(codes)
                raise line.fail(f"{column} {value!r} is not one of: {known}")
            iri = self.t.iri(f"{ESCO}{code_list}{codes[value]}")
            found.append(self.triple(s, MODEL + prop, iri))
        return found

    def broader(self, path: Path) -> Iterator[pyoxigraph.Triple]:
        """Yield the ``skos:broader`` triple of each row of the broader-relations file."""
        triple, wants, nodes = self.t.ox.Triple, self.selection.wants, self.nodes
        for line in self.report.read(path, BROADER.required, delimiter=",", quoted=True):
            row = line.cells
            narrower, broader = row["conceptUri"], row["broaderUri"]
            if wants(narrower):
                s = nodes.get(narrower) or self.node(narrower, line, "conceptUri")
                o = nodes.get(broader) or self.node(broader, line, "broaderUri")
                yield triple(s, self.broader_p, o)
            else:
                self.report.skip(path.name, NOT_SELECTED)

    def skill_relations(self, path: Path) -> Iterator[pyoxigraph.Triple]:
        """Yield the essential or optional skill relation of each row."""
        triple, relations, nodes = self.t.ox.Triple, self.relations, self.nodes
        chosen = self.selection.with_skills
        for line in self.report.read(path, SKILL_RELATIONS.required, delimiter=",", quoted=True):
            row = line.cells
            occupation, skill = row["occupationUri"], row["skillUri"]
            if chosen is not None and occupation not in chosen:
                self.report.skip(path.name, NOT_SELECTED)
                continue
            relation = relations.get(row["relationType"].strip())
            if relation is None:
                known = ", ".join(RELATION_TYPES)
                raise line.fail(f"relationType {row['relationType']!r} is not one of: {known}")
            s = nodes.get(occupation) or self.node(occupation, line, "occupationUri")
            o = nodes.get(skill) or self.node(skill, line, "skillUri")
            yield triple(s, relation, o)

    def concept_schemes(self, lang: str, path: Path) -> Iterator[Triples]:
        """Yield the triples of each concept scheme the written concepts are in.

        A scheme's label is its ``preferredLabel``, else its ``title``; ``hasTopConcept`` is
        not read (the concepts say their schemes).
        """
        literal, triple = self.t.ox.Literal, self.t.ox.Triple
        scheme_class = self.t.iri(SKOS + "ConceptScheme")
        for line in self.report.read(path, SCHEMES.required, delimiter=",", quoted=True):
            row = line.cells
            iri = row["conceptSchemeUri"].strip()
            if iri not in self.schemes:
                self.report.skip(path.name, "scheme of no concept imported")
                continue
            s = self.node(iri, line, "conceptSchemeUri")
            found = [] if iri in self.seen else [triple(s, self.type, scheme_class)]
            self.seen.add(iri)
            label = row.get("preferredLabel", "").strip() or row.get("title", "").strip()
            if label:
                found.append(triple(s, self.pref, literal(label, language=lang)))
            text = row.get("description", "").strip()
            if text:
                found.append(self.triple(s, DCTERMS + "description", literal(text, language=lang)))
            source, provenance = self.rel.record(path.name, iri)
            found.append(triple(s, self.derived, self.t.ox.NamedNode(source)))
            found.extend(provenance)
            yield found
