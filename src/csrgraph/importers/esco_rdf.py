"""Rows of ESCO's CSV files -> triples in ESCO's own model (used by :mod:`csrgraph.importers.esco`).

The namespaces, the kinds of file and the columns each needs, and the writer that turns one
row into its triples. A concept's language-independent triples are written once, when its
first row is read; labels and notes once per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csrgraph.importers.api import ImportReport
from csrgraph.importers.esco_files import (
    ISCO_GROUPS,
    OCCUPATIONS,
    SKILL_GROUPS,
    SKILLS,
    Kind,
    Source,
)
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
#: Why a concept file's row is left out: the same concept's row came before, every cell equal.
ROW_TWICE = "concept's row given twice"
#: Why one is changed: it came before with other cells. SKOS allows one prefLabel per
#: language, so the first row stays whole; this row's preferred label becomes an altLabel
#: (still found by its label), its alt and hidden labels are added, its other cells are not
#: imported (the first row's are).
CONCEPT_TWICE = "concept given again, other cells: the first row kept, this row's labels added"
#: A collection row's conceptType -> the kind of file its concepts come from.
CONCEPT_TYPES = {
    "Occupation": OCCUPATIONS,
    "KnowledgeSkillCompetence": SKILLS,
    "SkillGroup": SKILL_GROUPS,
    "ISCOGroup": ISCO_GROUPS,
}

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


def split_iris(cell: str) -> list[str]:
    """Return the IRIs of a list cell (one a line, or separated by ``,`` or ``|``), stripped.

    >>> split_iris("http://a/1, http://a/2 | http://a/3")
    ['http://a/1', 'http://a/2', 'http://a/3']
    """
    return [item.strip() for item in re.split(r"[\n,|]", cell) if item.strip()]


def split_labels(cell: str, bar: bool = False) -> list[str]:
    """Return the labels of a label-list cell (one a line; with ``bar`` also `` | ``)."""
    items = re.split(r"\n| \| ", cell) if bar else cell.split("\n")
    return [item.strip() for item in items if item.strip()]


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
        self.seen: set[str] = set()  # concepts whose shared triples are written
        self.labelled: set[tuple[str, str]] = set()  # (concept, language) with labels
        self.notated: set[str] = set()  # concepts with a skos:notation
        self.pairs: set[tuple[str, str]] = set()  # (narrower, broader) written
        self.schemes: set[str] = set()  # the concept schemes the concepts written are in
        self.nodes: dict[str, pyoxigraph.NamedNode] = {}  # concept IRIs already checked
        # language -> concept -> hashes of the cells and the preferred label of its concept-file
        # row (hashes: a row's cells would double the importer's memory)
        self.firsts: dict[str, dict[str, tuple[int, int]]] = {}
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

    def concepts(self, kind: Kind, source: Source, bar: bool = False) -> Iterator[Triples]:
        """Yield the triples of each row of one concept (or collection) file.

        A concept's labels and notes in the file's language are written from the first file
        that has the concept (a collection repeats them); ``bar``: labels separated by ``|``.
        A concept file (``bar`` false) that gives a concept twice in its language is counted
        for a warning (:meth:`again`).
        """
        lang = source.lang or "en"
        wants, firsts = self.selection.wants, self.firsts.setdefault(lang, {})
        for line in source.rows(self.report, kind.required):
            iri = line.cells["conceptUri"].strip()
            if not wants(iri):
                self.report.skip(source.name, NOT_SELECTED)
                continue
            s = self.node(iri, line, "conceptUri")
            if not bar:
                if iri in firsts:
                    yield self.again(s, line, lang)
                    continue
                firsts[iri] = (hash(tuple(line.cells.items())), hash(line.text("preferredLabel")))
            found = [] if iri in self.seen else self.shared(kind, s, line)
            self.seen.add(iri)
            if (iri, lang) not in self.labelled:
                self.labelled.add((iri, lang))
                found.extend(self.labels(s, line, lang, bar))
            found.extend(self.extra(kind, s, line))
            found.extend(self.derivation(s, source.name, iri))
            yield found

    def again(self, s: pyoxigraph.NamedNode, line: Row, lang: str) -> Triples:
        """Return what a concept's second row in ``lang`` adds; count it for a warning.

        Every cell equal to the first row's: nothing (skipped, :data:`ROW_TWICE`). Else the
        first row stays whole (SKOS allows one ``prefLabel`` per language), and this row's
        preferred label is kept as an ``altLabel``, with its alt and hidden labels
        (:data:`CONCEPT_TWICE`).
        """
        iri = str(s.value)
        digest, first_label = self.firsts[lang][iri]
        if hash(tuple(line.cells.items())) == digest:
            self.report.flag(line, ROW_TWICE, iri)
            return []
        self.report.flag(line, CONCEPT_TWICE, iri, skipped=False)
        literal, triple = self.t.ox.Literal, self.t.ox.Triple
        found: Triples = []
        label = line.text("preferredLabel")
        if hash(label) != first_label:
            alt = self.label_columns[0][1]
            found.append(triple(s, alt, literal(label, language=lang)))
        for column, prop in self.label_columns:
            for other in split_labels(line.cells.get(column, "")):
                found.append(triple(s, prop, literal(other, language=lang)))
        return found

    def extra(self, kind: Kind, s: pyoxigraph.NamedNode, line: Row) -> Triples:
        """Return more triples of a concept row (none here; a subclass adds its own)."""
        return []

    def labels(self, s: pyoxigraph.NamedNode, line: Row, lang: str, bar: bool) -> Triples:
        """Return a row's labels and notes in ``lang``."""
        literal, triple, row = self.t.ox.Literal, self.t.ox.Triple, line.cells
        found = [triple(s, self.pref, literal(line.text("preferredLabel"), language=lang))]
        for column, prop in self.label_columns:
            for alt in split_labels(row.get(column, ""), bar):
                found.append(triple(s, prop, literal(alt, language=lang)))
        for column, prop in self.note_columns:
            text = row.get(column, "").strip()
            if text:
                found.append(triple(s, prop, literal(text, language=lang)))
        return found

    def derivation(self, s: pyoxigraph.NamedNode, file: str, key: str) -> Triples:
        """Return ``s prov:wasDerivedFrom`` the record of row ``key`` of ``file``, and it."""
        source, provenance = self.rel.record(file, key)
        return [self.t.ox.Triple(s, self.derived, self.t.ox.NamedNode(source)), *provenance]

    def shared(self, kind: Kind, s: pyoxigraph.NamedNode, line: Row) -> Triples:
        """Return the triples of a concept that are the same in every language."""
        ox, row = self.t.ox, line.cells
        found = [ox.Triple(s, self.type, self.concept)]
        if kind.concept_type:
            found.append(ox.Triple(s, self.type, self.t.iri(MODEL + kind.concept_type)))
        schemes = split_iris(row.get("inScheme", "")) or [SCHEME + kind.scheme]
        for scheme in schemes:
            found.append(ox.Triple(s, self.in_scheme, self.node(scheme, line, "inScheme")))
            self.schemes.add(scheme)
        code = row.get("code", "").strip()
        if code:
            self.notated.add(str(s.value))
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

    def broader(self, source: Source) -> Iterator[pyoxigraph.Triple]:
        """Yield the ``skos:broader`` triple of each row of a broader-relations file."""
        triple, wants, nodes, pairs = self.t.ox.Triple, self.selection.wants, self.nodes, self.pairs
        for line in source.rows(self.report, ("conceptUri", "broaderUri")):
            row = line.cells
            narrower, broader = row["conceptUri"].strip(), row["broaderUri"].strip()
            if not wants(narrower):
                self.report.skip(source.name, NOT_SELECTED)
            elif (narrower, broader) in pairs:
                self.report.skip(source.name, "relation given twice")
            else:
                pairs.add((narrower, broader))
                s = nodes.get(narrower) or self.node(narrower, line, "conceptUri")
                o = nodes.get(broader) or self.node(broader, line, "broaderUri")
                yield triple(s, self.broader_p, o)

    def skill_relations(
        self, source: Source, columns: tuple[str, str, str], skills: bool = False
    ) -> Iterator[pyoxigraph.Triple]:
        """Yield the essential or optional skill relation of each row.

        ``columns``: the subject, relation type and skill columns; ``skills``: the subject
        is a skill (skill-to-skill relations, written when both skills are).
        """
        triple, relations, nodes = self.t.ox.Triple, self.relations, self.nodes
        first, kind_column, second = columns
        chosen, wants = self.selection.with_skills, self.selection.wants
        for line in source.rows(self.report, columns):
            row = line.cells
            subject, skill = row[first].strip(), row[second].strip()
            keep = (
                wants(subject) and wants(skill) if skills else chosen is None or subject in chosen
            )
            if not keep:
                self.report.skip(source.name, NOT_SELECTED)
                continue
            relation = relations.get(row[kind_column].strip())
            if relation is None:
                known = ", ".join(RELATION_TYPES)
                raise line.fail(f"{kind_column} {row[kind_column]!r} is not one of: {known}")
            s = nodes.get(subject) or self.node(subject, line, first)
            o = nodes.get(skill) or self.node(skill, line, second)
            yield triple(s, relation, o)
