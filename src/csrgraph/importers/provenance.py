"""The provenance every importer writes: namespaces, node builders, records and releases.

:class:`Release` describes the release of a source (version, date, licence, the
attribution that must travel with derived data, the publishing :class:`Publisher`);
:meth:`Release.record` mints the record node of one row (file, row key) that every
imported node points to with ``prov:wasDerivedFrom``, and :meth:`Release.triples` the
release, its publisher and the dataset description of the output. :func:`named`,
:func:`text`, :func:`typed` and :func:`triple` build pyoxigraph terms, :func:`slug` readable IRI
segments and :func:`key_segment` exact ones (one segment per key, never two keys one segment).

This module imports pyoxigraph only when it mints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from csrgraph.links.rdf import slug  # one slug rule for every IRI csrgraph mints
from csrgraph.namespaces import BASE, CSRO, DCAT, DCTERMS, PROV, RDF_TYPE, SCHEMA, SKOS, XSD

if TYPE_CHECKING:
    import pyoxigraph

LANGUAGE_IRI = "http://id.loc.gov/vocabulary/iso639-1/"


def key_segment(key: str) -> str:
    """Return ``key`` exactly as an IRI segment: injective, and :func:`from_segment` undoes it.

    Letters (either case), digits, ``-``, ``.`` and ``~`` stay; a space becomes ``_``; every
    other character (``_`` and ``/`` too) is percent-encoded from its UTF-8 bytes. Unlike
    :func:`slug`, nothing is dropped or folded, so two keys never share a segment:

    >>> key_segment("C++ Developer"), key_segment("C Developer")
    ('C%2B%2B_Developer', 'C_Developer')
    >>> key_segment("Non-Profit Director"), key_segment("Non Profit Director")
    ('Non-Profit_Director', 'Non_Profit_Director')
    >>> from_segment(key_segment("a_b c/ü")) == "a_b c/ü"
    True
    """
    # quote leaves only unreserved characters and %XX; "_" leaves too, then "_" is free
    # to stand for %20 ("%" itself is %25, so "%20" in the output is always a space)
    return quote(key, safe="").replace("_", "%5F").replace("%20", "_")


def from_segment(segment: str) -> str:
    """Return the key that :func:`key_segment` turned into ``segment``."""
    return unquote(segment.replace("_", "%20"))


def named(iri: str) -> pyoxigraph.NamedNode:
    """Return the pyoxigraph node of an IRI."""
    import pyoxigraph

    return pyoxigraph.NamedNode(iri)


def text(value: str, language: str | None = None) -> pyoxigraph.Literal:
    """Return a plain or language-tagged literal."""
    import pyoxigraph

    return pyoxigraph.Literal(value, language=language) if language else pyoxigraph.Literal(value)


def typed(value: object, datatype: str) -> pyoxigraph.Literal:
    """Return a literal typed ``xsd:<datatype>`` (``decimal``, ``integer``, ``gYearMonth`` ...)."""
    import pyoxigraph

    return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(XSD + datatype))


def triple(s: str, p: str, o: pyoxigraph.NamedNode | pyoxigraph.Literal | str) -> pyoxigraph.Triple:
    """Return a triple; ``s``, ``p`` and a string ``o`` are IRIs."""
    import pyoxigraph

    obj = pyoxigraph.NamedNode(o) if isinstance(o, str) else o
    return pyoxigraph.Triple(pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p), obj)


def check_version(version: str) -> str:
    """Return ``version`` if it is a release number such as 1.2.0 or 29.2, else UsageError.

    >>> check_version("29.2")
    '29.2'
    """
    from csrgraph.errors import UsageError

    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise UsageError(
            f"{{version}}: {version!r} is not a version such as 1.2.0",
            parameter="version",
            value=version,
        )
    return version


def check_date(issued: str) -> str:
    """Return ``issued`` if it is a date ``YYYY-MM`` or ``YYYY-MM-DD``, else UsageError.

    >>> check_date("2025-02")
    '2025-02'
    """
    from csrgraph.errors import UsageError

    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?", issued):
        raise UsageError(
            f"{{issued}}: {issued!r} is not a date YYYY-MM or YYYY-MM-DD",
            parameter="issued",
            value=issued,
        )
    return issued


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes a source (labels in German and English)."""

    iri: str
    name: str
    label_de: str
    label_en: str
    abbreviation: str
    url: str


@dataclass(frozen=True)
class Release:
    """One release of an external source, and the provenance an importer writes for it.

    ``key`` and ``version`` make the IRIs: the release is ``<base>source/<key>-<version>``,
    its records ``<base>record/<key>-<version>/<file>/<row key>``. ``issued`` is an
    ``xsd:date`` (``2025-02-11``) or ``xsd:gYearMonth`` (``2025-02``); ``language`` the
    ISO 639-1 code of the release's text, the language its imported records keep.
    ``exact_keys`` writes the row key of a record IRI with :func:`key_segment` (exactly,
    one IRI per key) instead of :func:`slug` (readable, but "C++" and "C" fold together).
    """

    key: str
    title: str
    version: str
    issued: str
    language: str
    licence: str
    attribution: str
    publisher: Publisher
    url: str
    exact_keys: bool = False

    @property
    def iri(self) -> str:
        """The IRI of the release node."""
        return f"{BASE}source/{slug(self.key)}-{slug(self.version)}"

    @property
    def dataset_iri(self) -> str:
        """The IRI of the output's dataset description (the import of this release)."""
        return f"{BASE}dataset/import/{slug(self.key)}-{slug(self.version)}"

    def record_iri(self, file: str, key: str) -> str:
        """Return the IRI of the record of row ``key`` in ``file``."""
        row = key_segment(key) if self.exact_keys else slug(key)
        return f"{BASE}record/{slug(self.key)}-{slug(self.version)}/{slug(file)}/{row}"

    def record(
        self, file: str, key: str, *, date: str | None = None, domain_source: str | None = None
    ) -> tuple[str, list[pyoxigraph.Triple]]:
        """Return the IRI of a row's record node and its triples.

        ``date`` (``YYYY-MM`` or ``YYYY-MM-DD``) and ``domain_source`` are the row's own,
        where the source gives them.
        """
        iri = self.record_iri(file, key)
        triples = [
            triple(iri, RDF_TYPE, CSRO + "SourceRecord"),
            triple(iri, CSRO + "sourceFile", text(file)),
            triple(iri, CSRO + "rowKey", text(key)),
            triple(iri, DCTERMS + "isPartOf", self.iri),
            triple(iri, PROV + "wasAttributedTo", self.publisher.iri),
        ]
        if date:
            kind = "date" if len(date) == 10 else "gYearMonth"
            triples.append(triple(iri, DCTERMS + "date", typed(date, kind)))
        if domain_source:
            triples.append(triple(iri, CSRO + "domainSource", text(domain_source)))
        return iri, triples

    def triples(self, selection: str = "") -> list[pyoxigraph.Triple]:
        """Return the release, its publisher and the dataset description of the output.

        ``selection`` (e.g. ``"occupations 43-4051.00"``) says what part was imported.
        """
        release, org, dataset = self.iri, self.publisher, self.dataset_iri
        kind = "gYearMonth" if len(self.issued) == 7 else "date"
        found = [
            triple(release, RDF_TYPE, CSRO + "SourceRelease"),
            triple(release, DCTERMS + "title", text(self.title)),
            triple(release, DCAT + "version", text(self.version)),
            triple(release, DCTERMS + "issued", typed(self.issued, kind)),
            triple(release, DCTERMS + "license", self.licence),
            triple(release, DCTERMS + "publisher", org.iri),
            triple(release, DCTERMS + "language", LANGUAGE_IRI + self.language),
            triple(release, DCTERMS + "bibliographicCitation", text(self.attribution)),
            triple(release, SCHEMA + "url", self.url),
            triple(org.iri, RDF_TYPE, SCHEMA + "GovernmentOrganization"),
            triple(org.iri, RDF_TYPE, PROV + "Agent"),
            triple(org.iri, SCHEMA + "name", text(org.name)),
            triple(org.iri, SCHEMA + "alternateName", text(org.abbreviation)),
            triple(org.iri, SCHEMA + "url", org.url),
            triple(org.iri, SKOS + "prefLabel", text(org.label_de, "de")),
            triple(org.iri, SKOS + "prefLabel", text(org.label_en, "en")),
        ]
        part = f" ({selection})" if selection else ""
        title_de = f"Import von {self.title}{part} in das csrgraph-Vokabular"
        title_en = f"Import of {self.title}{part} into the csrgraph vocabulary"
        found += [
            triple(dataset, RDF_TYPE, DCAT + "Dataset"),
            triple(dataset, SKOS + "prefLabel", text(title_de, "de")),
            triple(dataset, SKOS + "prefLabel", text(title_en, "en")),
            triple(dataset, DCTERMS + "title", text(title_de, "de")),
            triple(dataset, DCTERMS + "title", text(title_en, "en")),
            triple(
                dataset,
                DCTERMS + "description",
                text(
                    f"Die Datensätze von {self.title}, von csrgraph import in das "
                    "csrgraph-Vokabular übertragen; jeder Knoten verweist auf die Zeile, aus "
                    "der er stammt. Die Texte bleiben in der Sprache der Quelle. "
                    f"Namensnennung: {self.attribution}",
                    "de",
                ),
            ),
            triple(
                dataset,
                DCTERMS + "description",
                text(
                    f"The records of {self.title}, converted by csrgraph import into the "
                    "csrgraph vocabulary; every node points to the row it was read from. "
                    f"The text stays in the source's language. Attribution: {self.attribution}",
                    "en",
                ),
            ),
            triple(dataset, DCTERMS + "license", self.licence),
            triple(dataset, DCTERMS + "rights", text(self.attribution, "en")),
            triple(dataset, PROV + "wasDerivedFrom", release),
        ]
        return found
