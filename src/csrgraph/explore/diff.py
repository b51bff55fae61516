"""What changed between two releases of a SKOS vocabulary: ``csrgraph diff OLD NEW``.

Each side is one release, as ``csrgraph import`` writes it (Turtle, N-Triples, or N-Quads and
TriG, whose named graph is the release's): a file, or several read together. The comparison
knows SKOS, never the data: a concept is a subject typed ``skos:Concept``; it is

* **added** or **removed** when only one release has it;
* **relabelled** when its ``skos:prefLabel`` in a language differs (one row per language);
* **reparented** when its set of ``skos:broader`` concepts differs;

and a **relation** (any other triple from a concept to a concept, ``skos:narrower`` aside,
being the inverse of ``broader``) is **added** or **removed** when only one release has it.
:data:`CHANGES` orders the kinds; :meth:`ReleaseDiff.counts` counts them (zeros included) and
:meth:`ReleaseDiff.rows` lists them, for the format registry.

>>> old = "tests/fixtures/diff/old.ttl"
>>> new = "tests/fixtures/diff/new.ttl"
>>> d = diff_releases([old], [new])
>>> d.counts()["removed"], d.counts()["relabelled"], d.counts()["reparented"]
(1, 1, 1)
>>> [row[0] for row in d.rows()]  # doctest: +NORMALIZE_WHITESPACE
['added', 'removed', 'relabelled', 'reparented', 'relation added', 'relation removed']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csrgraph.namespaces import RDF_TYPE, SKOS

if TYPE_CHECKING:
    from csrgraph._typing import PathLike

#: The kinds of change, in the order they are listed and counted.
CHANGES = (
    "added",
    "removed",
    "relabelled",
    "reparented",
    "relation added",
    "relation removed",
)
#: The columns of :meth:`ReleaseDiff.rows`.
COLUMNS = ("change", "concept", "label", "property", "lang", "old", "new")

_CONCEPT = SKOS + "Concept"
_PREF = SKOS + "prefLabel"
_BROADER = SKOS + "broader"
_NARROWER = SKOS + "narrower"


@dataclass
class Release:
    """The SKOS facts of one release: concepts, their labels, broader concepts, links."""

    concepts: set[str] = field(default_factory=set)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # concept -> lang -> label
    broader: dict[str, set[str]] = field(default_factory=dict)
    links: set[tuple[str, str, str]] = field(default_factory=set)  # IRI to IRI, any predicate

    def relations(self, concepts: set[str]) -> set[tuple[str, str, str]]:
        """Return the links between two of ``concepts`` (broader and narrower aside)."""
        return {
            (s, p, o)
            for s, p, o in self.links
            if p not in (_BROADER, _NARROWER) and s in concepts and o in concepts
        }

    def label(self, concept: str, lang: str) -> str:
        """Return the concept's preferred label in ``lang``, else in any language, else ''."""
        found = self.labels.get(concept, {})
        return found.get(lang) or next(iter(sorted(found.items())), ("", ""))[1]


def read_release(paths: Iterable[PathLike]) -> Release:
    """Read the SKOS facts of one release from RDF files (strictly parsed; quads allowed).

    Each file goes through the guarded path of every command
    (:func:`csrgraph.graph.isolated.stream_into`): the nesting scan, the refusal of
    DOCTYPE/ENTITY in RDF/XML, and the parser in a child bounded in memory and time.
    """
    import pyoxigraph as ox

    from csrgraph.graph.isolated import stream_into

    release = Release()
    concepts, labels, broader, links = (
        release.concepts,
        release.labels,
        release.broader,
        release.links,
    )
    named, literal = ox.NamedNode, ox.Literal

    def collect(quads: Iterator[ox.Quad]) -> None:
        for quad in quads:
            s, p, o = quad.subject, quad.predicate.value, quad.object
            if not isinstance(s, named):
                continue
            if p == _PREF and isinstance(o, literal):
                labels.setdefault(s.value, {})[o.language or ""] = o.value
            elif isinstance(o, named):
                if p == RDF_TYPE:
                    if o.value == _CONCEPT:
                        concepts.add(s.value)
                elif p == _BROADER:
                    broader.setdefault(s.value, set()).add(o.value)
                else:
                    links.add((s.value, p, o.value))

    for path in paths:
        stream_into(collect, path, graphs=True)
    return release


@dataclass
class ReleaseDiff:
    """The changes from release ``old`` to release ``new``, by kind (see :data:`CHANGES`)."""

    old: Release
    new: Release
    lang: str = "en"

    def changes(self) -> dict[str, list[tuple[str, ...]]]:
        """Return kind -> sorted rows (concept, property, lang, old, new)."""
        old, new = self.old, self.new
        both = old.concepts & new.concepts
        found: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in CHANGES}
        found["added"] = [(c, "", "", "", "") for c in sorted(new.concepts - old.concepts)]
        found["removed"] = [(c, "", "", "", "") for c in sorted(old.concepts - new.concepts)]
        for c in sorted(both):
            was, now = old.labels.get(c, {}), new.labels.get(c, {})
            for lang in sorted(set(was) | set(now)):
                if was.get(lang) != now.get(lang):
                    row = (c, _PREF, lang, was.get(lang, ""), now.get(lang, ""))
                    found["relabelled"].append(row)
            before, after = old.broader.get(c, set()), new.broader.get(c, set())
            if before != after:
                row = (c, _BROADER, "", " ".join(sorted(before)), " ".join(sorted(after)))
                found["reparented"].append(row)
        everyone = old.concepts | new.concepts
        was_linked, now_linked = old.relations(everyone), new.relations(everyone)
        for kind, links, column in (
            ("relation added", now_linked - was_linked, 4),
            ("relation removed", was_linked - now_linked, 3),
        ):
            for s, p, o in sorted(links):
                cells = [s, p, "", "", ""]
                cells[column] = o
                found[kind].append(tuple(cells))
        return found

    def counts(self) -> dict[str, int]:
        """Return kind -> number of changes, every kind of :data:`CHANGES` (zeros too)."""
        return {kind: len(rows) for kind, rows in self.changes().items()}

    def rows(self) -> list[tuple[str, ...]]:
        """Return the changes as rows of :data:`COLUMNS`, kind by kind, each sorted.

        ``label`` is the concept's preferred label in :attr:`lang` (in the new release if it
        has the concept, else the old), else in another language.
        """
        found: list[tuple[str, ...]] = []
        for kind, rows in self.changes().items():
            for concept, prop, lang, was, now in rows:
                side = self.new if concept in self.new.concepts else self.old
                found.append((kind, concept, side.label(concept, self.lang), prop, lang, was, now))
        return found


def diff_releases(
    old: Sequence[PathLike], new: Sequence[PathLike], *, lang: str = "en"
) -> ReleaseDiff:
    """Return what changed from the release in the files ``old`` to that in ``new``.

    Raises :class:`~csrgraph.errors.InputError` for a file that cannot be read or parsed.
    """
    return ReleaseDiff(read_release(old), read_release(new), lang)
