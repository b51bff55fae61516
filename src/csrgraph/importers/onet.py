"""Import the O*NET database (its tab-delimited text files) into csrgraph's vocabulary.

``Occupation Data.txt`` is required; the other files are read when present. Each O*NET-SOC
occupation becomes a ``schema:Occupation`` and ``skos:Concept`` in the O*NET scheme, whose
``schema:CategoryCode`` is the node ``data/mappings.ttl`` uses for the same code (minted by
:func:`csrgraph.links.mappings_graph`, the one function that mints code nodes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError, UsageError
from csrgraph.importers.api import ImportReport
from csrgraph.importers.onet_ete import ETE_FILE, _education, category_scheme_iri
from csrgraph.importers.onet_files import (
    CODE,
    CODE_COLUMN,
    CODE_FORM,
    DEPENDENT_FILES,
    NOT_IMPORTED,
    OCCUPATIONS_FILE,
    occupation_iri,
    scheme_iri,
    task_scheme_iri,
)
from csrgraph.importers.onet_files import Report as Report  # the old name of ImportReport
from csrgraph.importers.provenance import (
    BASE,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    Publisher,
    Release,
    check_date,
    check_version,
    text,
    triple,
)
from csrgraph.importers.tables import refuse_special

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

    from csrgraph.links import MappingSet


#: The prefix of O*NET-SOC codes in the mapping set (data/csr.sssom.tsv).
MAPPING_PREFIX = "ONET"

USDOL_ETA = Publisher(
    iri=f"{BASE}org/usdol-eta",
    name="U.S. Department of Labor, Employment and Training Administration",
    label_de="US-Arbeitsministerium, Employment and Training Administration (USDOL/ETA)",
    label_en="U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
    abbreviation="USDOL/ETA",
    url="https://www.dol.gov/agencies/eta",
)


#: Release dates of the O*NET versions csrgraph was tested with; others need ``issued``.
RELEASE_DATES = {"29.2": "2025-02"}


def release_of(folder: str | Path, version: str | None) -> str:
    """Return the O*NET release: as given, else from the folder name (``db_29_2_text``).

    O*NET's files do not say their release; the download's folder name does. A release
    nothing names is a UsageError (no silent default).

    >>> release_of("/data/db_29_2_text", None), release_of("onet-30.0-full", None)
    ('29.2', '30.0')
    >>> release_of("x", "29.1")
    '29.1'
    """
    import re

    if version is not None:
        return check_version(version)
    match = re.search(r"(?<![\d.])(\d{2})[._](\d)(?![\d])", Path(folder).resolve().name)
    if match:
        return f"{match[1]}.{match[2]}"
    raise UsageError(
        "give the O*NET release with {version} (e.g. 29.2): the folder name does not say it",
        parameter="version",
    )


def release_date(version: str, issued: str | None) -> str:
    """Return the release date: as given, else the known one of :data:`RELEASE_DATES`."""
    if issued is None:
        issued = RELEASE_DATES.get(version)
        if issued is None:
            raise UsageError(
                f"give the release date of O*NET {version} with {{issued}}", parameter="issued"
            )
    return check_date(issued)


def release(version: str = "29.2", issued: str = "2025-02") -> Release:
    """Return the O*NET database release ``version``, issued ``issued`` (CC BY 4.0).

    Raises UsageError for a version that is not a release number or a date that is not one.
    """
    check_version(version)
    check_date(issued)
    return Release(
        key="onet",
        title=f"O*NET {version} Database",
        version=version,
        issued=issued,
        language="en",
        licence="https://creativecommons.org/licenses/by/4.0/",
        attribution=(
            f"This product includes information from the O*NET {version} Database by the "
            "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). "
            "Used under the CC BY 4.0 license."
        ),
        publisher=USDOL_ETA,
        url="https://www.onetcenter.org/database.html",
        exact_keys=True,  # a record per row key, exactly: titles differ by "+" or "-" alone
    )


#: The release's concept schemes: IRI function, German and English name of what they hold.
SCHEMES = (
    (scheme_iri, "die O*NET-SOC-Berufe", "the O*NET-SOC occupations"),
    (task_scheme_iri, "die Aufgabenbeschreibungen", "the task statements"),
    (
        category_scheme_iri,
        "die Antwortkategorien zu Bildung, Ausbildung und Erfahrung",
        "the response categories of education, training and experience",
    ),
)


def _schemes(rel: Release) -> Iterator[pyoxigraph.Triple]:
    for iri_of, what_de, what_en in SCHEMES:
        iri = iri_of(rel)
        yield triple(iri, RDF_TYPE, SKOS + "ConceptScheme")
        label_de = f"O*NET {rel.version}: {what_de.partition(' ')[2]}"
        yield triple(iri, SKOS + "prefLabel", text(label_de, "de"))
        yield triple(iri, SKOS + "prefLabel", text(f"O*NET {rel.version}: {what_en[4:]}", "en"))
        definition_de = (
            f"{what_de[0].upper()}{what_de[1:]} der O*NET-Datenbank {rel.version}, importiert."
        )
        yield triple(iri, SKOS + "definition", text(definition_de, "de"))
        definition_en = (
            f"{what_en[0].upper()}{what_en[1:]} of the O*NET {rel.version} Database, imported."
        )
        yield triple(iri, SKOS + "definition", text(definition_en, "en"))
        yield triple(iri, PROV + "wasDerivedFrom", rel.iri)


def read_occupations(
    folder: Path, report: ImportReport | None = None
) -> dict[str, tuple[str, str, int]]:
    """Return code -> (title, description, line) from ``Occupation Data.txt``."""
    path = folder / OCCUPATIONS_FILE
    refuse_special(path)  # a FIFO would wait for a writer forever
    if not path.is_file():
        raise InputError(
            f"{path}: missing (an O*NET folder has {OCCUPATIONS_FILE!r})", file=str(path)
        )
    found: dict[str, tuple[str, str, int]] = {}
    report = report if report is not None else ImportReport("onet")
    for row in report.read(path, (CODE_COLUMN, "Title", "Description"), not_imported={}):
        code = row.matching(CODE_COLUMN, CODE, CODE_FORM)
        if code in found:
            raise row.fail(f"code {code} again (first on line {found[code][2]})")
        found[code] = (row.text("Title"), row.text("Description"), row.line)
    return found


def _from_rdflib(graph: rdflib.Graph) -> Iterator[pyoxigraph.Triple]:
    import pyoxigraph
    import rdflib

    def term(node: rdflib.term.Node) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
        if isinstance(node, rdflib.Literal):
            if node.language:
                return pyoxigraph.Literal(str(node), language=node.language)
            datatype = pyoxigraph.NamedNode(str(node.datatype)) if node.datatype else None
            return pyoxigraph.Literal(str(node), datatype=datatype)
        return pyoxigraph.NamedNode(str(node))

    for s, p, o in sorted(graph):
        yield pyoxigraph.Triple(term(s), term(p), term(o))  # type: ignore[arg-type]


def code_triples(
    codes: dict[str, str], ms: MappingSet | None = None
) -> Iterator[pyoxigraph.Triple]:
    """Yield each occupation's ``skos:exactMatch`` to its O*NET page and its code node.

    ``codes`` maps code -> title. The rows go through :func:`csrgraph.links.mappings_graph`
    with the mapping set's own O*NET-SOC row as template, so a code's node, label and code
    set are those of ``data/mappings.ttl``.
    """
    from dataclasses import replace

    from csrgraph.links import MappingSet, mappings_graph, read_mapping_set

    ms = ms or read_mapping_set()
    template = next(
        (m for m in ms.mappings if m.object_id.partition(":")[0] == MAPPING_PREFIX), None
    )
    if template is None:
        raise InputError(f"{ms._where()}: no {MAPPING_PREFIX}: row to take the code set from")
    own = template.subject_id.partition(":")[0]
    rows = [
        replace(
            template,
            subject_id=f"{own}:{occupation_iri(code).removeprefix(ms.expand(own + ':'))}",
            subject_label=title,
            predicate_id="skos:exactMatch",
            object_id=f"{MAPPING_PREFIX}:{code}",
            object_label=title,
            comment="",
        )
        for code, title in sorted(codes.items())
    ]
    used = {
        curie.partition(":")[0]
        for m in rows[:1]
        for curie in (
            m.subject_id,
            m.predicate_id,
            m.object_id,
            m.mapping_justification,
            m.object_source,
        )
    }
    prefixes = {name: iri for name, iri in ms.curie_map.items() if name in used}
    subset = MappingSet(ms.metadata, prefixes, rows, ms.columns, ms.path)
    yield from _from_rdflib(mappings_graph(subset))


def import_triples(
    folder: str | Path,
    *,
    occupations: Iterable[str] = (),
    rel: Release | None = None,
    version: str | None = None,
    issued: str | None = None,
    report: ImportReport | None = None,
) -> Iterator[pyoxigraph.Triple]:
    """Yield the triples of the O*NET files in ``folder`` (only ``occupations`` if given).

    The release is ``rel``, else :func:`release` of ``version`` (default: from the folder
    name, :func:`release_of`; else a UsageError) and ``issued`` (default: known for
    :data:`RELEASE_DATES`), checked first; ``report.release`` records it. Raises
    :class:`InputError` naming file and line for a malformed file and :class:`UsageError`
    for a code of ``occupations`` that is malformed or not in the files (as ESCO's importer
    does for its ``concepts``); rows of other files whose code is not in
    ``Occupation Data.txt`` (or, in Related Occupations, whose related code is not) are
    skipped, counted in ``report`` and named in its warnings, with the first such row
    (:meth:`~csrgraph.importers.api.ImportReport.warn_flagged`).

    >>> triples = list(import_triples("tests/fixtures/onet", occupations=["43-4051.00"],
    ...                               version="29.2"))
    >>> len(triples) > 100
    True
    """
    if rel is None:
        version = release_of(folder, version)
        rel = release(version, release_date(version, issued))
    folder = Path(folder)
    report = report if report is not None else ImportReport("onet")
    report.record_release(rel)
    known = read_occupations(folder, report)
    wanted = set(occupations)
    for code in sorted(wanted):
        if not CODE.fullmatch(code):
            raise UsageError(
                f"{{occupations}} {code!r} is not an O*NET-SOC code ({CODE_FORM})",
                parameter="occupations",
                value=code,
            )
        if code not in known:
            raise UsageError(
                f"{{occupations}} {code}: not in {folder / OCCUPATIONS_FILE}",
                parameter="occupations",
                value=code,
            )
    selected = {c: v for c, v in known.items() if not wanted or c in wanted}
    part = ", ".join(sorted(wanted)) if wanted else ""
    yield from rel.triples(f"occupations {part}" if part else "")
    yield from _schemes(rel)
    yield from code_triples({code: title for code, (title, _, _) in selected.items()})
    for code, (title, description, _) in sorted(selected.items()):
        iri = occupation_iri(code)
        record, record_triples = rel.record(OCCUPATIONS_FILE, code)
        yield from record_triples
        yield triple(iri, RDF_TYPE, SCHEMA + "Occupation")
        yield triple(iri, RDF_TYPE, SKOS + "Concept")
        yield triple(iri, SKOS + "inScheme", scheme_iri(rel))
        yield triple(iri, SKOS + "notation", text(code))
        yield triple(iri, SKOS + "prefLabel", text(title, rel.language))
        yield triple(iri, SKOS + "definition", text(description, rel.language))
        yield triple(iri, PROV + "wasDerivedFrom", record)
    if len(selected) < len(known):
        report.skip(OCCUPATIONS_FILE, NOT_IMPORTED, len(known) - len(selected))
    for name, convert in {**DEPENDENT_FILES, ETE_FILE: _education}.items():
        path = folder / name
        if path.exists() or path.is_symlink():  # a folder or broken link is an error, not absent
            yield from convert(path, rel, set(selected), set(known), report)
    report.warn_flagged()
