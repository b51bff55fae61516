"""What every importer shares: reading a source's delimited files, minting its records, writing.

* :func:`read_table` reads a delimited file by header name: the columns an importer needs
  must be there (the rest are ignored), every row must have as many fields as the header,
  and the bytes must be UTF-8; every failure is an :class:`~csrgraph.errors.InputError`
  naming the file and line. :class:`Row` turns a cell into text, a number, a date or a code
  with the same care.
* :class:`Release` describes the release of the source (version, date, licence, the
  attribution that must travel with derived data, the publishing organisation);
  :meth:`Release.record` mints the record node of one row (file, row key) that every
  imported node points to with ``prov:wasDerivedFrom``, and :meth:`Release.triples` the
  release, its publisher and the dataset description of the output.
* :func:`write_triples` streams triples to Turtle or N-Triples with pyoxigraph (no rdflib,
  no graph in memory) into a temporary file that replaces the output only on success.

This module imports pyoxigraph only when it writes or mints.
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from csrgraph.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph

BASE = "https://w3id.org/csrgraph/"
CSRO = "https://w3id.org/csrgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LANGUAGE_IRI = "http://id.loc.gov/vocabulary/iso639-1/"

#: The prefixes of the Turtle an importer writes.
PREFIXES: dict[str, str] = {
    "csro": CSRO,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}

#: Output formats of ``csrgraph import``: name -> pyoxigraph ``RdfFormat`` attribute.
FORMATS: dict[str, str] = {"ttl": "TURTLE", "nt": "N_TRIPLES"}


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a delimited file: its cells by column name, and where it stands."""

    file: str
    line: int
    cells: dict[str, str]

    def where(self) -> str:
        """Return ``FILE, line N`` for messages."""
        return f"{self.file}, line {self.line}"

    def fail(self, message: str) -> InputError:
        """Return an :class:`InputError` about this row."""
        return InputError(f"{self.where()}: {message}")

    def text(self, column: str) -> str:
        """Return the cell, stripped; an empty cell is an error."""
        value = self.cells.get(column, "").strip()
        if not value:
            raise self.fail(f"column {column!r} is empty")
        return value

    def optional(self, column: str) -> str | None:
        """Return the cell, stripped, or None when it is empty or the column is absent."""
        value = self.cells.get(column, "").strip()
        return value or None

    def matching(self, column: str, pattern: re.Pattern[str], form: str) -> str:
        """Return the cell if it matches ``pattern`` whole; otherwise name the expected form."""
        value = self.text(column)
        if not pattern.fullmatch(value):
            raise self.fail(f"{column} {value!r} is not of the form {form}")
        return value

    def decimal(
        self, column: str, *, low: Decimal | None = None, high: Decimal | None = None
    ) -> Decimal:
        """Return the cell as a number (within ``low``..``high`` when given)."""
        value = self.text(column)
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.fail(f"{column} {value!r} is not a number") from None
        if not number.is_finite():
            raise self.fail(f"{column} {value!r} is not a number")
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.fail(f"{column} {value} is outside {low}..{high}")
        return number

    def optional_decimal(
        self, column: str, *, low: Decimal | None = None, high: Decimal | None = None
    ) -> Decimal | None:
        """Return the cell as a number, or None when it is empty."""
        if self.optional(column) is None:
            return None
        return self.decimal(column, low=low, high=high)

    def integer(self, column: str, *, low: int | None = None, high: int | None = None) -> int:
        """Return the cell as a whole number (within ``low``..``high`` when given)."""
        value = self.text(column)
        if not re.fullmatch(r"[0-9]+", value):
            raise self.fail(f"{column} {value!r} is not a whole number")
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.fail(f"{column} {number} is outside {low}..{high}")
        return number

    def month(self, column: str) -> str:
        """Return a ``MM/YYYY`` cell as ``YYYY-MM`` (an ``xsd:gYearMonth``)."""
        value = self.text(column)
        match = re.fullmatch(r"(0[1-9]|1[0-2])/([0-9]{4})", value)
        if not match:
            raise self.fail(f"{column} {value!r} is not a month of the form MM/YYYY")
        return f"{match[2]}-{match[1]}"


def _lines(raw: Iterable[bytes], name: str) -> Iterator[str]:
    """Decode lines strictly as UTF-8 (a byte order mark is dropped), naming a bad line."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    for number, line in enumerate(raw, start=1):
        try:
            text = decoder.decode(line)
        except UnicodeDecodeError as err:
            raise InputError(
                f"{name}, line {number}: not UTF-8 (byte 0x{line[err.start]:02x} "
                f"at column {err.start + 1})"
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 (the file ends inside a character)") from None


def read_table(
    path: str | Path,
    required: Sequence[str],
    *,
    delimiter: str = "\t",
    quoted: bool = False,
    name: str | None = None,
) -> Iterator[Row]:
    """Yield the rows of a delimited file with a header row, checked as they are read.

    ``required`` columns must be in the header (others are ignored); a row must have as
    many fields as the header; blank lines are skipped. ``quoted`` reads CSV quoting (cells
    over several lines); without it a quote is an ordinary character, as in O*NET's
    tab-delimited text files. ``name`` is how messages call the file (default: its name).
    """
    path = Path(path)
    name = name or path.name
    try:
        handle = path.open("rb")
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    with handle:
        lines = _lines(handle, name)
        reader = csv.reader(
            lines,
            delimiter=delimiter,
            quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
            strict=quoted,
        )
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"{name}, line 1: the file is empty (no header row)")
            header = [cell.strip() for cell in header]
            missing = [column for column in required if column not in header]
            if missing:
                raise InputError(
                    f"{name}, line 1: missing column {', '.join(map(repr, missing))}"
                    f" (the header has {', '.join(map(repr, header))})"
                )
            line = reader.line_num
            for fields in reader:
                start, line = line + 1, reader.line_num
                if not fields or fields == [""]:
                    continue
                if len(fields) != len(header):
                    raise InputError(
                        f"{name}, line {start}: {len(fields)} fields, the header has {len(header)}"
                    )
                yield Row(name, start, dict(zip(header, fields, strict=True)))
        except csv.Error as err:
            raise InputError(f"{name}, line {reader.line_num}: {err}") from None


# --- minting ----------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Return ``text`` as a lower-case IRI segment: letters, digits, dots and hyphens.

    >>> slug("Task Statements.txt")
    'task-statements.txt'
    >>> slug("43-4051.00 2578")
    '43-4051.00-2578'
    """
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


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
        return f"{BASE}record/{slug(self.key)}-{slug(self.version)}/{slug(file)}/{slug(key)}"

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


# --- writing ----------------------------------------------------------------------------------


def write_triples(
    triples: Iterable[pyoxigraph.Triple],
    output: str | Path | None,
    fmt: str = "ttl",
    *,
    prefixes: dict[str, str] | None = None,
) -> None:
    """Stream ``triples`` as ``fmt`` (a key of :data:`FORMATS`) to ``output`` or stdout.

    A file is written through :func:`csrgraph.io.atomic_write_stream`: a failure (an
    :class:`InputError` raised while the triples are produced, say) leaves no output file,
    or the old one untouched. Standard output gets the finished serialization from a
    temporary file, so a failure prints nothing there either.
    """
    import pyoxigraph

    from csrgraph.io import atomic_write_stream

    if fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt])
    chosen = (prefixes or PREFIXES) if fmt == "ttl" else None

    def produce(stream: BinaryIO) -> None:
        pyoxigraph.serialize(triples, stream, rdf_format, prefixes=chosen)

    if output is not None and str(output) != "-":
        atomic_write_stream(output, produce)
        return
    with tempfile.TemporaryFile() as spool:
        produce(spool)
        spool.seek(0)
        sys.stdout.flush()
        write = sys.stdout.buffer.write
        while chunk := spool.read(1 << 20):
            write(chunk)
        sys.stdout.flush()
