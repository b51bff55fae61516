"""Links to other occupation datasets: the SSSOM mapping set, its RDF form, and a link checker.

The mapping set is the single source: ``data/*.sssom.tsv`` (SSSOM TSV, a YAML metadata block
then one row per mapping). From it this module derives

* the SKOS mapping triples and ``schema:occupationalCategory`` codes of ``data/mappings.ttl``
  (:func:`mappings_turtle`; a test regenerates and compares the committed file);
* the rows of ``csrgraph links`` (:func:`mapping_rows`);
* the HTTP check of every target IRI (:func:`check_links`).

The module knows SSSOM, SKOS and schema.org, never the data: which codes exist, their
labels and IRIs all come from the mapping set.

>>> ms = read_mapping_set()
>>> problems(ms)
[]
>>> all(m.predicate_id.startswith("skos:") for m in ms.mappings)
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from csrgraph.errors import InputError, UsageError

if TYPE_CHECKING:
    import rdflib

# --- SSSOM vocabulary ------------------------------------------------------------------------

#: Metadata slots a mapping set must have (the SSSOM spec requires the first two; the
#: curie_map is required here because every CURIE must expand to an IRI).
REQUIRED_METADATA = ("mapping_set_id", "license", "curie_map")

#: Columns every row must fill.
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")

#: Columns a row may have (a subset of the SSSOM mapping slots); anything else is refused.
KNOWN_COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_label",
    "mapping_date",
    "subject_source",
    "subject_source_version",
    "object_source",
    "object_source_version",
    "comment",
)

SKOS = "http://www.w3.org/2004/02/skos/core#"
SEMAPV = "https://w3id.org/semapv/vocab/"

#: The SKOS mapping properties a row may use.
SKOS_MAPPING_PREDICATES = frozenset(
    f"skos:{name}"
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)

#: Rows with these predicates also make the target an ``occupationalCategory`` of the
#: subject: the target can stand for the subject as its category. A narrower or merely
#: related target cannot.
CATEGORY_PREDICATES = frozenset({"skos:exactMatch", "skos:closeMatch", "skos:broadMatch"})

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

_CURIE = re.compile(r"^(?P<prefix>[A-Za-z_][A-Za-z0-9_.-]*):(?P<local>\S*)$")


@dataclass(frozen=True)
class Mapping:
    """One row of an SSSOM mapping set (CURIEs as written in the file)."""

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str = ""
    object_label: str = ""
    confidence: float | None = None
    object_source: str = ""
    object_source_version: str = ""
    comment: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class MappingSet:
    """An SSSOM mapping set: its metadata, its prefixes and its rows."""

    metadata: dict[str, Any]
    curie_map: dict[str, str]
    mappings: list[Mapping]
    columns: list[str]
    path: Path | None = None

    def expand(self, curie: str) -> str:
        """Return the IRI of ``curie``; raise :class:`InputError` for an undeclared prefix.

        >>> ms = MappingSet({}, {"ex": "https://example.org/"}, [], [])
        >>> ms.expand("ex:a")
        'https://example.org/a'
        """
        match = _CURIE.match(curie)
        if match is None or match["prefix"] not in self.curie_map:
            raise InputError(f"{self._where()}: {curie!r} is not a CURIE with a declared prefix")
        return self.curie_map[match["prefix"]] + match["local"]

    def _where(self) -> str:
        return str(self.path) if self.path else "mapping set"


# --- reading ---------------------------------------------------------------------------------


def default_path() -> Path:
    """Return the bundled SSSOM file (``data/*.sssom.tsv``; there must be exactly one)."""
    from csrgraph.resources import data_dir

    found = sorted(data_dir().glob("*.sssom.tsv"))
    if len(found) != 1:
        raise InputError(f"expected one *.sssom.tsv file in {data_dir()}, found {len(found)}")
    return found[0]


def _yaml_scalar(text: str, where: str) -> str:
    """Parse the one-line YAML scalars SSSOM headers use: plain, "double" or 'single' quoted."""
    text = text.strip()
    if text.startswith('"'):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: bad double-quoted value {text}") from err
        if not isinstance(value, str):  # pragma: no cover - json of a quoted text is a str
            raise InputError(f"{where}: bad double-quoted value {text}")
        return value
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            raise InputError(f"{where}: unterminated single-quoted value {text}")
        return text[1:-1].replace("''", "'")
    return text


def parse_metadata(lines: Iterable[str], where: str = "mapping set") -> dict[str, Any]:
    """Parse an SSSOM metadata block (the ``#`` lines, ``#`` already removed).

    Only the YAML that SSSOM headers use is accepted: ``key: scalar``, ``key:`` followed by
    an indented block of ``name: scalar`` pairs (a mapping) or of ``- scalar`` items (a
    list). Anything else raises :class:`InputError`, so a typo cannot pass silently.

    >>> parse_metadata(['license: "x"', "curie_map:", "  a: 'http://a/'", "tags:", "  - b"])
    {'license': 'x', 'curie_map': {'a': 'http://a/'}, 'tags': ['b']}
    """
    result: dict[str, Any] = {}
    block_key: str | None = None
    for number, raw in enumerate(lines, start=1):
        here = f"{where}: metadata line {number}"
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] in " \t":
            if block_key is None:
                raise InputError(f"{here}: indented line outside a block: {raw.strip()!r}")
            item = raw.strip()
            block = result[block_key]
            if item.startswith("- ") and isinstance(block, list | type(None)):
                result[block_key] = [*(block or []), _yaml_scalar(item[2:], here)]
                continue
            key, sep, value = item.partition(":")
            if not sep or not key or isinstance(block, list):
                raise InputError(f"{here}: expected 'name: value' in {block_key}: {item!r}")
            block = block if isinstance(block, dict) else {}
            if key in block:
                raise InputError(f"{here}: {key!r} given twice in {block_key}")
            block[key] = _yaml_scalar(value, here)
            result[block_key] = block
            continue
        key, sep, value = raw.partition(":")
        if not sep or not re.fullmatch(r"[a-z_]+", key):
            raise InputError(f"{here}: expected 'slot: value', got {raw.strip()!r}")
        if key in result:
            raise InputError(f"{here}: {key!r} given twice")
        if value.strip():
            result[key] = _yaml_scalar(value, here)
            block_key = None
        else:
            result[key] = None
            block_key = key
    return result


def read_mapping_set(path: str | Path | None = None) -> MappingSet:
    """Read an SSSOM TSV file (default: the bundled one) into a :class:`MappingSet`.

    Raises :class:`InputError` when the file cannot be read, is not UTF-8 (worded as for
    RDF files: ``FILE:LINE:COLUMN: not UTF-8 text (byte 0x..)``) or is not SSSOM TSV as
    described in :func:`parse_metadata`; the SSSOM rules themselves are checked by
    :func:`problems`. ``-`` reads stdin.
    """
    from csrgraph.graph import decode_utf8, display_name, read_bytes

    file = Path(path) if path is not None else default_path()
    text = decode_utf8(read_bytes(file), display_name(file))
    lines = text.splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#") and line.strip()]
    metadata = parse_metadata(header, str(file))
    if not body:
        raise InputError(f"{file}: no column header after the metadata block")
    columns = body[0].split("\t")
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    if unknown:
        raise InputError(f"{file}: unknown column(s) {', '.join(unknown)}")
    mappings = []
    for number, line in enumerate(body[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise InputError(
                f"{file}: row {number} has {len(cells)} cells, the header {len(columns)}"
            )
        row = dict(zip(columns, cells, strict=True))
        confidence: float | None = None
        if row.get("confidence"):
            try:
                confidence = float(row["confidence"])
            except ValueError as err:
                raise InputError(f"{file}: row {number}: confidence is not a number") from err
        known = {"confidence"} | {f for f in Mapping.__dataclass_fields__ if f != "extra"}
        mappings.append(
            Mapping(
                **{k: v for k, v in row.items() if k in known and k != "confidence"},
                confidence=confidence,
                extra={k: v for k, v in row.items() if k not in known},
            )
        )
    curie_map = metadata.get("curie_map") or {}
    if not isinstance(curie_map, dict):
        raise InputError(f"{file}: curie_map must be a block of 'prefix: IRI' lines")
    return MappingSet(metadata, dict(curie_map), mappings, columns, file)


# --- the SSSOM rules -------------------------------------------------------------------------


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


# --- RDF -------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def code_value(m: Mapping) -> str:
    """Return the code of a mapping target: the local part of its CURIE, tidied per scheme.

    The ``.htm`` of a page-per-code IRI is dropped, and six bare digits (a SOC code whose
    page name drops the hyphen) are written ``NN-NNNN`` as the SOC writes them.

    >>> code_value(Mapping("a:x", "skos:exactMatch", "SOC:434051.htm", "semapv:X"))
    '43-4051'
    >>> code_value(Mapping("a:x", "skos:exactMatch", "ISCO:4222", "semapv:X"))
    '4222'
    """
    local = m.object_id.partition(":")[2]
    local = re.sub(r"\.html?$", "", local)
    if re.fullmatch(r"\d{6}", local):
        local = f"{local[:2]}-{local[2:]}"
    return local


def category_code_iri(ms: MappingSet, m: Mapping) -> str:
    """Return the IRI of the ``schema:CategoryCode`` node for a mapping target.

    It lives in the namespace of the subject's prefix: ``<base>code/<code set>-<code>``.
    """
    base = own_namespace(ms, m)
    code_set = m.object_source.rpartition("/")[2] or _slug(m.object_source_version)
    return f"{base}code/{code_set}-{_slug(code_value(m))}"


def own_namespace(ms: MappingSet, m: Mapping) -> str:
    """Return the namespace of the mapping's subject prefix (the dataset's own IRIs)."""
    prefix = m.subject_id.partition(":")[0]
    return ms.curie_map.get(prefix, "")


#: The graph's label languages. A code's label names it: its notation and its official title
#: (``SOC 2018 43-4051 Customer Service Representatives``); a code set's label is its name and
#: version. The mapping set gives each in one form only, the classification's own, so the
#: label is the same in every language: no translation is invented.
LABEL_LANGUAGES = ("de", "en")


def code_label(m: Mapping) -> str:
    """Return the label of a mapping target's code: notation, then official title.

    >>> code_label(Mapping("a:x", "skos:closeMatch", "ISCO:4222", "semapv:X",
    ...                    object_label="Contact centre information clerks",
    ...                    object_source_version="ISCO-08"))
    'ISCO-08 4222 Contact centre information clerks'
    """
    notation = f"{m.object_source_version} {code_value(m)}".strip()
    return f"{notation} {m.object_label}".strip()


def mappings_graph(ms: MappingSet | None = None) -> rdflib.Graph:
    """Return the mapping set as RDF: SKOS mapping triples plus occupational category codes.

    Each row becomes ``subject <predicate> object``. Rows whose predicate is in
    :data:`CATEGORY_PREDICATES` also give the subject a ``schema:occupationalCategory``: a
    ``schema:CategoryCode`` with ``codeValue``, ``name`` (the object label), ``url`` (the
    target IRI, unless the code lives in our own namespace) and ``inCodeSet`` (a
    ``schema:CategoryCodeSet`` named by ``object_source_version``). Codes and code sets also
    get a ``skos:prefLabel`` per language of :data:`LABEL_LANGUAGES` (:func:`code_label`).
    """
    import rdflib
    from rdflib.namespace import RDF, SDO
    from rdflib.namespace import SKOS as SKOS_NS

    ms = ensure_valid(ms or read_mapping_set())
    graph = rdflib.Graph()
    graph.bind("skos", SKOS_NS)
    graph.bind("schema", SDO)
    for m in ms.mappings:
        subject = rdflib.URIRef(ms.expand(m.subject_id))
        target = ms.expand(m.object_id)
        graph.add((subject, rdflib.URIRef(ms.expand(m.predicate_id)), rdflib.URIRef(target)))
        if m.predicate_id not in CATEGORY_PREDICATES:
            continue
        code = rdflib.URIRef(category_code_iri(ms, m))
        graph.add((subject, SDO.occupationalCategory, code))
        graph.add((code, RDF.type, SDO.CategoryCode))
        graph.add((code, SDO.codeValue, rdflib.Literal(code_value(m))))
        graph.add((code, SDO.name, rdflib.Literal(m.object_label)))
        for lang in LABEL_LANGUAGES:
            graph.add((code, SKOS_NS.prefLabel, rdflib.Literal(code_label(m), lang=lang)))
        if str(code) != target:
            graph.add((code, SDO.url, rdflib.URIRef(target)))
        if m.object_source:
            code_set = rdflib.URIRef(ms.expand(m.object_source))
            graph.add((code, SDO.inCodeSet, code_set))
            graph.add((code_set, RDF.type, SDO.CategoryCodeSet))
            if m.object_source_version:
                graph.add((code_set, SDO.name, rdflib.Literal(m.object_source_version)))
                for lang in LABEL_LANGUAGES:
                    label = rdflib.Literal(m.object_source_version, lang=lang)
                    graph.add((code_set, SKOS_NS.prefLabel, label))
    return graph


#: The command that regenerates ``data/mappings.ttl`` (named by the drift test's message).
REGENERATE_COMMAND = "csrgraph links -f ttl -o data/mappings.ttl"


def mappings_turtle(ms: MappingSet | None = None) -> str:
    """Return ``data/mappings.ttl`` as text: a header comment, then sorted, stable Turtle."""
    ms = ms or read_mapping_set()
    body = mappings_graph(ms).serialize(format="turtle")
    source = ms.path.name if ms.path else "the SSSOM mapping set"
    header = (
        f"# Generated from {source} by `{REGENERATE_COMMAND}`; do not edit by hand.\n"
        f"# The SSSOM file is the source: it gives each mapping its justification.\n"
        "# Licence of this file: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n"
    )
    return header + body


def void_linksets(ms: MappingSet, dataset: str) -> rdflib.Graph:
    """Return VoID linksets for ``dataset``: one per target code set and predicate.

    For the dataset description: each linkset says which predicate links the dataset to
    which code set, and how many links it has.
    """
    import rdflib
    from rdflib.namespace import RDF, VOID

    graph = rdflib.Graph()
    groups: dict[tuple[str, str], int] = {}
    for m in ensure_valid(ms).mappings:
        key = (m.object_source or m.object_id.partition(":")[0], m.predicate_id)
        groups[key] = groups.get(key, 0) + 1
    for (source, predicate), count in sorted(groups.items()):
        target = ms.expand(source) if ":" in source else source
        name = f"{target.rpartition('/')[2]}-{predicate.partition(':')[2]}"
        linkset = rdflib.URIRef(f"{dataset.rstrip('/#')}/linkset/{_slug(name)}")
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, rdflib.URIRef(dataset)))
        graph.add((linkset, VOID.objectsTarget, rdflib.URIRef(target)))
        graph.add((linkset, VOID.linkPredicate, rdflib.URIRef(ms.expand(predicate))))
        graph.add((linkset, VOID.triples, rdflib.Literal(count)))
    return graph


# --- rows for `csrgraph links` ---------------------------------------------------------------

ROW_FIELDS = (
    "object_id",
    "object_label",
    "predicate_id",
    "confidence",
    "object_source_version",
    "object_iri",
    "comment",
)


def mapping_rows(ms: MappingSet | None = None) -> list[dict[str, str]]:
    """Return one dict per mapping, with the fields of :data:`ROW_FIELDS`.

    >>> rows = mapping_rows()
    >>> set(rows[0]) == set(ROW_FIELDS)
    True
    """
    ms = ensure_valid(ms or read_mapping_set())
    return [
        {
            "object_id": m.object_id,
            "object_label": m.object_label,
            "predicate_id": m.predicate_id,
            "confidence": "" if m.confidence is None else f"{m.confidence:g}",
            "object_source_version": m.object_source_version,
            "object_iri": ms.expand(m.object_id),
            "comment": m.comment,
        }
        for m in ms.mappings
    ]


# --- checking the links over HTTP ------------------------------------------------------------

#: What the checker asks for: RDF first, then anything (a page that defines the code is fine).
RDF_ACCEPT = (
    "text/turtle, application/n-triples;q=0.95, application/rdf+xml;q=0.9, "
    "application/ld+json;q=0.8, text/html;q=0.3, */*;q=0.1"
)
#: RDF media types, and the pyoxigraph format that parses each (None: recognised only).
RDF_MEDIA_TYPES: dict[str, str | None] = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": None,
    "application/ld+json": None,
}
#: Largest RDF body the checker reads and parses.
MAX_RDF_BYTES = 2_000_000
USER_AGENT = "csrgraph-linkcheck (+https://w3id.org/csrgraph)"


@dataclass(frozen=True)
class LinkStatus:
    """The outcome of checking one target IRI.

    ``result`` is ``ok``, ``broken`` or ``skipped`` (not fetched: an IRI in the dataset's
    own namespace, described in its graph, or not an HTTP IRI).
    """

    object_id: str
    iri: str
    url: str
    result: str
    http_status: int | None = None
    content_type: str = ""
    rdf: bool = False
    detail: str = ""

    @property
    def broken(self) -> bool:
        """True when the link is broken."""
        return self.result == "broken"

    def as_row(self) -> dict[str, str]:
        """Return the status as a flat row of strings (for the formatters)."""
        return {
            "object_id": self.object_id,
            "result": self.result,
            "http_status": "" if self.http_status is None else str(self.http_status),
            "rdf": "yes" if self.rdf else "no",
            "content_type": self.content_type,
            "url": self.url,
            "detail": self.detail,
        }


STATUS_FIELDS = ("object_id", "result", "http_status", "rdf", "content_type", "url", "detail")


def rewrite_url(iri: str, base_url: str | None) -> str:
    """Return the URL to fetch for ``iri``: with a base URL, its host becomes a path segment.

    The fragment is dropped (it is never sent). A base URL makes every target hit one
    server, which stands in for the real sites (tests, mirrors, caches).

    >>> rewrite_url("https://www.bls.gov/soc/2018/x.htm#43-4051", None)
    'https://www.bls.gov/soc/2018/x.htm'
    >>> rewrite_url("http://data.europa.eu/esco/isco/C4222", "http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/data.europa.eu/esco/isco/C4222'
    """
    parts = urlsplit(iri)
    if base_url is None:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    base = urlsplit(base_url)
    if base.scheme not in {"http", "https"} or not base.netloc:
        raise UsageError(f"--base-url must be an http(s) URL, got {base_url!r}")
    path = f"{base.path.rstrip('/')}/{parts.netloc}{parts.path}"
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def check_one(
    object_id: str,
    iri: str,
    *,
    own_namespace: str = "",
    base_url: str | None = None,
    timeout: float = 10.0,
) -> LinkStatus:
    """Dereference one target IRI: HEAD, then GET with RDF content negotiation where RDF is served.

    HEAD (following redirects, asking for RDF first) tells whether the target exists; a
    server that refuses HEAD (405, 501) gets a GET instead. When the answer is an RDF media
    type, the RDF is fetched with GET and parsed (Turtle and N-Triples; at most
    :data:`MAX_RDF_BYTES`), and it must mention the IRI.
    """
    import requests

    if own_namespace and iri.startswith(own_namespace):
        return LinkStatus(object_id, iri, "", "skipped", detail="own IRI, described in the graph")
    if urlsplit(iri).scheme not in {"http", "https"}:
        return LinkStatus(object_id, iri, "", "skipped", detail="not an HTTP(S) IRI")
    url = rewrite_url(iri, base_url)
    headers = {"Accept": RDF_ACCEPT, "User-Agent": USER_AGENT}
    try:
        response = requests.head(url, headers=headers, timeout=timeout, allow_redirects=True)
        if response.status_code in {405, 501}:
            response = requests.get(url, headers=headers, timeout=timeout, stream=True)
            response.close()
    except requests.Timeout:
        return LinkStatus(object_id, iri, url, "broken", detail=f"timed out after {timeout:g} s")
    except requests.RequestException as err:
        reason = type(err).__name__
        return LinkStatus(object_id, iri, url, "broken", detail=f"cannot connect ({reason})")
    status = response.status_code
    media = _media_type(response.headers.get("Content-Type"))
    if status >= 400:
        return LinkStatus(object_id, iri, url, "broken", status, media, detail=f"HTTP {status}")
    if media not in RDF_MEDIA_TYPES:
        return LinkStatus(object_id, iri, url, "ok", status, media)
    return _check_rdf(object_id, iri, url, headers, timeout)


def _check_rdf(
    object_id: str, iri: str, url: str, headers: dict[str, str], timeout: float
) -> LinkStatus:
    """GET the RDF a target serves and check that it parses and mentions the IRI."""
    import pyoxigraph
    import requests

    try:
        with requests.get(url, headers=headers, timeout=timeout, stream=True) as response:
            status = response.status_code
            media = _media_type(response.headers.get("Content-Type"))
            body = response.raw.read(MAX_RDF_BYTES + 1, decode_content=True)
    except requests.RequestException as err:
        reason = type(err).__name__
        return LinkStatus(object_id, iri, url, "broken", detail=f"GET failed ({reason})")
    if status >= 400:
        return LinkStatus(
            object_id, iri, url, "broken", status, media, detail=f"GET: HTTP {status}"
        )
    fmt = RDF_MEDIA_TYPES.get(media)
    if fmt is None:
        detail = "RDF not parsed" if media in RDF_MEDIA_TYPES else "GET gave no RDF"
        return LinkStatus(
            object_id, iri, url, "ok", status, media, media in RDF_MEDIA_TYPES, detail
        )
    if len(body) > MAX_RDF_BYTES:
        return LinkStatus(object_id, iri, url, "ok", status, media, True, "RDF too large to parse")
    try:
        quads = list(
            pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.from_media_type(fmt), base_iri=iri)
        )
    except (SyntaxError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return LinkStatus(object_id, iri, url, "broken", status, media, True, f"bad RDF: {first}")
    node = pyoxigraph.NamedNode(iri)
    if not any(node in (q.subject, q.object) for q in quads):
        return LinkStatus(
            object_id, iri, url, "broken", status, media, True, "RDF does not describe the IRI"
        )
    return LinkStatus(object_id, iri, url, "ok", status, media, True, f"{len(quads)} triples")


def check_links(
    ms: MappingSet | None = None,
    *,
    base_url: str | None = None,
    workers: int = 8,
    timeout: float = 10.0,
    on_result: Callable[[LinkStatus], None] | None = None,
) -> list[LinkStatus]:
    """Dereference every target of the mapping set, ``workers`` at a time.

    Args:
        ms: the mapping set (default: the bundled one).
        base_url: fetch every target from this server instead, its host as the first path
            segment (see :func:`rewrite_url`).
        workers: how many requests run at once (1 to 64).
        timeout: seconds to wait for a connection and for each read.
        on_result: called with each status as it comes in (e.g. to advance a progress bar).

    Returns:
        One :class:`LinkStatus` per distinct target, in the order of the mapping set.

    """
    from concurrent.futures import ThreadPoolExecutor, as_completed

    if not 1 <= workers <= 64:
        raise UsageError(f"workers must be between 1 and 64, got {workers}")
    if timeout <= 0:
        raise UsageError(f"timeout must be positive, got {timeout:g}")
    if base_url is not None:
        rewrite_url("http://example.org/", base_url)  # refuse a bad base URL before any request
    ms = ensure_valid(ms or read_mapping_set())
    targets: dict[str, tuple[str, str]] = {}
    for m in ms.mappings:
        targets.setdefault(m.object_id, (ms.expand(m.object_id), own_namespace(ms, m)))
    results: dict[str, LinkStatus] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(
                check_one, oid, iri, own_namespace=own, base_url=base_url, timeout=timeout
            ): oid
            for oid, (iri, own) in targets.items()
        }
        for future in as_completed(futures):
            status = future.result()
            results[futures[future]] = status
            if on_result is not None:
                on_result(status)
    return [results[oid] for oid in targets]
