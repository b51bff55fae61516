"""The structure files of ESCO's download: collections, the skills hierarchy, concept schemes.

:class:`DownloadWriter` adds to :class:`~csrgraph.importers.esco_rdf.RowWriter` the files that
arrange the concepts rather than describe them:

* a collection (``transversalSkillsCollection_xx.csv``, green, digital, DigComp, language,
  research skills and occupations) lists member concepts with their labels and broader
  concepts. Membership itself is in the concepts' ``inScheme`` (a collection is one of ESCO's
  concept schemes); the collection gives a concept's labels where its own file is not there
  (ESCO ships no French skills file beside the French collections) and its broader concepts.
* the skills hierarchy (``skillsHierarchy_xx.csv``) gives each row's concept (its deepest
  level) its code as ``skos:notation``, its label, description and scope note where no other
  file gives them, and ``skos:broader`` the level above; its top concepts are in no other
  file, so they get their shared triples here, in the ``skills-hierarchy`` scheme.
* ``conceptSchemes_xx.csv``: every scheme as ``skos:ConceptScheme`` with its labels, title,
  status, description and ``skos:hasTopConcept``. A scheme the concepts name that no file
  describes is still typed ``skos:ConceptScheme`` (what SKOS says of an ``inScheme`` object).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csrgraph.importers.esco_files import COLLECTION, HIERARCHY, Kind, Source
from csrgraph.importers.esco_rdf import (
    CONCEPT_TYPES,
    ISO_THES_STATUS,
    NOT_SELECTED,
    RowWriter,
    Triples,
    split_iris,
)
from csrgraph.importers.tables import Row
from csrgraph.namespaces import DCTERMS, SKOS

if TYPE_CHECKING:
    import pyoxigraph

LEVELS = range(4)


class DownloadWriter(RowWriter):
    """A :class:`RowWriter` that also reads collections, the hierarchy and the schemes."""

    def collection(self, source: Source) -> Iterator[Triples]:
        """Yield the triples of each row of a collection file (see the module docstring)."""
        yield from self.concepts(COLLECTION, source, bar=True)

    def shared(self, kind: Kind, s: pyoxigraph.NamedNode, line: Row) -> Triples:
        """Return a concept's shared triples; a collection's kind is its row's conceptType."""
        if kind is COLLECTION:
            kind = CONCEPT_TYPES.get(line.cells.get("conceptType", "").strip(), COLLECTION)
            if kind is COLLECTION:
                raise line.fail(
                    f"conceptType {line.cells.get('conceptType', '')!r} is not one of: "
                    + ", ".join(CONCEPT_TYPES)
                )
        return super().shared(kind, s, line)

    def extra(self, kind: Kind, s: pyoxigraph.NamedNode, line: Row) -> Triples:
        """Return the broader concepts a collection row gives that are not yet written."""
        if kind is not COLLECTION:
            return []
        found: Triples = []
        narrower = str(s.value)
        for broader in split_iris(line.cells.get("broaderConceptUri", "")):
            if (narrower, broader) not in self.pairs:
                self.pairs.add((narrower, broader))
                o = self.node(broader, line, "broaderConceptUri")
                found.append(self.t.ox.Triple(s, self.broader_p, o))
        return found

    def hierarchy(self, source: Source) -> Iterator[Triples]:
        """Yield the triples of each row of the skills hierarchy (see the module docstring)."""
        ox, lang, wants = self.t.ox, source.lang or "en", self.selection.wants
        for line in source.rows(self.report, HIERARCHY.required):
            row = line.cells
            levels = [n for n in LEVELS if row.get(f"Level {n} URI", "").strip()]
            if not levels or levels != list(range(len(levels))):
                raise line.fail("the levels' URIs must be filled from Level 0 down, no gap")
            deepest = levels[-1]
            iri = row[f"Level {deepest} URI"].strip()
            if not wants(iri):
                self.report.skip(source.name, NOT_SELECTED)
                continue
            s = self.node(iri, line, f"Level {deepest} URI")
            found: Triples = []
            if iri not in self.seen:
                self.seen.add(iri)
                found += self.shared(HIERARCHY, s, line)
            code = row.get(f"Level {deepest} code", "").strip()
            if code and iri not in self.notated:
                self.notated.add(iri)
                found.append(ox.Triple(s, self.notation, ox.Literal(code)))
            if deepest:
                broader = row[f"Level {deepest - 1} URI"].strip()
                if (iri, broader) not in self.pairs:
                    self.pairs.add((iri, broader))
                    o = self.node(broader, line, f"Level {deepest - 1} URI")
                    found.append(ox.Triple(s, self.broader_p, o))
            if (iri, lang) not in self.labelled:
                self.labelled.add((iri, lang))
                found += self.hierarchy_labels(s, line, deepest, lang)
            found += self.derivation(s, source.name, iri)
            yield found

    def hierarchy_labels(
        self, s: pyoxigraph.NamedNode, line: Row, level: int, lang: str
    ) -> Triples:
        """Return the label, description and scope note of a hierarchy row's concept."""
        literal, triple = self.t.ox.Literal, self.t.ox.Triple
        found = [
            triple(s, self.pref, literal(line.text(f"Level {level} preferred term"), language=lang))
        ]
        for column, prop in (
            ("Description", DCTERMS + "description"),
            ("Scope note", SKOS + "scopeNote"),
        ):
            text = line.cells.get(column, "").strip()
            if text:
                found.append(self.triple(s, prop, literal(text, language=lang)))
        return found

    def concept_schemes(self, source: Source) -> Iterator[Triples]:
        """Yield the triples of each concept scheme (see the module docstring)."""
        ox, lang, wants = self.t.ox, source.lang or "en", self.selection.wants
        literal, triple = ox.Literal, ox.Triple
        scheme_class = self.t.iri(SKOS + "ConceptScheme")
        everything = self.selection.concepts is None
        for line in source.rows(self.report, ("conceptSchemeUri",)):
            row = line.cells
            iri = row["conceptSchemeUri"].strip()
            if not everything and iri not in self.schemes:
                self.report.skip(source.name, NOT_SELECTED)
                continue
            s = self.node(iri, line, "conceptSchemeUri")
            found: Triples = []
            if iri not in self.seen:
                self.seen.add(iri)
                found.append(triple(s, self.type, scheme_class))
                status = row.get("status", "").strip()
                if status:
                    found.append(self.triple(s, ISO_THES_STATUS, literal(status)))
                for top in split_iris(row.get("hasTopConcept", "")):
                    if wants(top):
                        o = self.node(top, line, "hasTopConcept")
                        found.append(self.triple(s, SKOS + "hasTopConcept", o))
            for column, prop in (
                ("preferredLabel", SKOS + "prefLabel"),
                ("title", DCTERMS + "title"),
                ("description", DCTERMS + "description"),
            ):
                text = row.get(column, "").strip()
                if text:
                    found.append(self.triple(s, prop, literal(text, language=lang)))
            found += self.derivation(s, source.name, iri)
            yield found

    def unnamed_schemes(self) -> Triples:
        """Type the schemes the concepts are in that no conceptSchemes file described."""
        scheme_class = self.t.iri(SKOS + "ConceptScheme")
        return [
            self.t.ox.Triple(self.t.iri(iri), self.type, scheme_class)
            for iri in sorted(self.schemes - self.seen)
        ]
