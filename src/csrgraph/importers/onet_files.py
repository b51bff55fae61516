"""The dependent files of the O*NET database: each converter reads one file's rows into triples.

Every file's first column is the O*NET-SOC code; a row whose code (or, in Related
Occupations, related code) is not in ``Occupation Data.txt`` is skipped and counted for a
warning (:meth:`~csrgraph.importers.api.ImportReport.flag`); a row of an occupation left out by
``--occupation`` is skipped too; both are counted with their reason in the
:class:`~csrgraph.importers.api.ImportReport`. :data:`DEPENDENT_FILES` names the converters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.importers.api import ImportReport
from csrgraph.importers.provenance import (
    BASE,
    CSRO,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    Release,
    key_segment,
    text,
    triple,
    typed,
)
from csrgraph.importers.tables import Row
from csrgraph.namespaces import SKOSXL

if TYPE_CHECKING:
    import pyoxigraph


CODE = re.compile(r"[0-9]{2}-[0-9]{4}\.[0-9]{2}")
CODE_FORM = "NN-NNNN.NN"
CODE_COLUMN = "O*NET-SOC Code"
OCCUPATIONS_FILE = "Occupation Data.txt"
TASK_TYPES = ("Core", "Supplemental")


#: Why a dependent file's row is left out: its code is not in Occupation Data.txt (a warning).
UNKNOWN_CODE = f"code not in {OCCUPATIONS_FILE}"
#: Why a Related Occupations row is left out: its related code is not in Occupation Data.txt
#: (a warning; a link to it would dangle).
UNKNOWN_RELATED = f"related code not in {OCCUPATIONS_FILE}"
#: ... or its occupation is left out by ``occupations``.
NOT_IMPORTED = "occupation not imported"
#: ... or it is of a scale of the ETE files that is not a distribution (not read).
OTHER_SCALE = "importance scale, not read"

#: The old name of the report (before :class:`~csrgraph.importers.api.ImportReport`).
Report = ImportReport


#: Columns every dependent file repeats from Occupation Data.txt (not imported again).
REPEATED = {
    "Title": f"the occupation's title, imported from {OCCUPATIONS_FILE}",
    "Related Title": f"the related occupation's title, imported from {OCCUPATIONS_FILE}",
    "Element Name": "the element's name, imported from the Categories file",
    "Scale Name": "the scale is named by its Scale ID in the category notation",
}


def _dependent_rows(
    path: Path,
    required: tuple[str, ...],
    selected: set[str],
    known: set[str],
    report: ImportReport,
    mapped: tuple[str, ...] = (),
) -> Iterator[tuple[str, Row]]:
    """Yield (code, row) of a dependent file's selected rows; count the others as skipped."""
    rows = report.read(path, (CODE_COLUMN, *required), mapped=mapped, not_imported=REPEATED)
    for row in rows:
        code = row.matching(CODE_COLUMN, CODE, CODE_FORM)
        if code not in known:
            report.flag(row, UNKNOWN_CODE, code)
        elif code in selected:
            yield code, row
        else:
            report.skip(path.name, NOT_IMPORTED)


def task_iri(code: str, task_id: str) -> str:
    """Return the IRI of O*NET task statement ``task_id`` of occupation ``code``."""
    return f"{BASE}onet/task/{code}-{task_id}"


def _tasks(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    columns = ("Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source")
    for code, row in _dependent_rows(path, columns, selected, known, report):  # all mapped
        task_id = str(row.integer("Task ID"))
        task_type = row.optional("Task Type")
        if task_type is not None and task_type not in TASK_TYPES:
            raise row.fail(f"Task Type {task_type!r} is not one of {', '.join(TASK_TYPES)}")
        incumbents = row.optional("Incumbents Responding")
        count = row.integer("Incumbents Responding") if incumbents is not None else None
        record, record_triples = rel.record(
            path.name,
            f"{code} {task_id}",
            date=row.month("Date"),
            domain_source=row.optional("Domain Source"),
        )
        yield from record_triples
        iri = task_iri(code, task_id)
        yield triple(occupation_iri(code), CSRO + "hasTask", iri)
        yield triple(iri, RDF_TYPE, CSRO + "Task")
        yield triple(iri, SKOS + "inScheme", task_scheme_iri(rel))
        yield triple(iri, SKOS + "notation", text(task_id))
        yield triple(iri, SKOS + "prefLabel", text(row.text("Task"), rel.language))
        if task_type is not None:
            yield triple(iri, CSRO + "taskType", text(task_type))
        if count is not None:
            yield triple(iri, CSRO + "incumbentsResponding", typed(count, "integer"))
        yield triple(iri, PROV + "wasDerivedFrom", record)


def _job_zones(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    optional = ("Date", "Domain Source")
    for code, row in _dependent_rows(path, ("Job Zone",), selected, known, report, optional):
        zone = row.integer("Job Zone", low=1, high=5)
        record, record_triples = rel.record(
            path.name,
            code,
            date=row.month("Date") if row.optional("Date") else None,
            domain_source=row.optional("Domain Source"),
        )
        yield from record_triples
        iri = occupation_iri(code)
        yield triple(iri, CSRO + "jobZone", typed(zone, "integer"))
        yield triple(iri, PROV + "wasDerivedFrom", record)


SOURCES = re.compile(r"[0-9]{2}(,[0-9]{2})*")


def _alternate_titles(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    columns = ("Alternate Title", "Short Title", "Source(s)")
    for code, row in _dependent_rows(path, columns, selected, known, report):
        title = row.text("Alternate Title")
        sources = row.optional("Source(s)")
        if sources is not None and not SOURCES.fullmatch(sources):
            raise row.fail(f"Source(s) {sources!r} is not of the form NN or NN,NN,...")
        record, record_triples = rel.record(path.name, f"{code} {title}")
        yield from record_triples
        occupation = occupation_iri(code)
        label = title_iri(code, title)
        yield triple(occupation, SKOS + "altLabel", text(title, rel.language))
        yield triple(occupation, SKOSXL + "altLabel", label)
        yield triple(label, RDF_TYPE, SKOSXL + "Label")
        yield triple(label, SKOSXL + "literalForm", text(title, rel.language))
        short = row.optional("Short Title")
        if short is not None:
            yield triple(label, CSRO + "shortTitle", text(short, rel.language))
        for source in (sources or "").split(","):
            if source:
                yield triple(label, CSRO + "titleSource", text(source))
        yield triple(label, PROV + "wasDerivedFrom", record)


def title_iri(code: str, title: str, kind: str = "title") -> str:
    """Return the IRI of title ``title`` of occupation ``code``: the key, exactly.

    The title is written by :func:`~csrgraph.importers.provenance.key_segment`, so titles
    that differ in any character (``C++`` and ``C``, ``Non-Profit`` and ``Non Profit``)
    never share a node. ``kind`` is ``title`` (Alternate Titles.txt) or ``reported-title``.

    >>> title_iri("15-1252.00", "C++ Developer")
    'https://w3id.org/csrgraph/onet/title/15-1252.00/C%2B%2B_Developer'
    """
    return f"{BASE}onet/{kind}/{code}/{key_segment(title)}"


def _reported_titles(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    columns = ("Reported Job Title",)
    shown_column = "Shown in My Next Move"
    rows = _dependent_rows(path, columns, selected, known, report, (shown_column,))
    for code, row in rows:
        title = row.text("Reported Job Title")
        shown = row.optional(shown_column)
        if shown is not None and shown not in ("Y", "N"):
            raise row.fail(f"{shown_column} {shown!r} is not Y or N")
        record, record_triples = rel.record(path.name, f"{code} {title}")
        yield from record_triples
        label = title_iri(code, title, "reported-title")
        yield triple(occupation_iri(code), CSRO + "reportedTitle", label)
        yield triple(label, RDF_TYPE, SKOSXL + "Label")
        yield triple(label, SKOSXL + "literalForm", text(title, rel.language))
        if shown is not None:
            flag = "true" if shown == "Y" else "false"
            yield triple(label, CSRO + "shownInMyNextMove", typed(flag, "boolean"))
        yield triple(label, PROV + "wasDerivedFrom", record)


def related_iri(code: str, other: str) -> str:
    """Return the IRI of the entry for ``other`` in the related occupations of ``code``."""
    return f"{BASE}onet/occupation/{code}/related/{other}"


def _related(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    related_column = "Related O*NET-SOC Code"
    columns = (related_column, "Relatedness Tier", "Index")
    for code, row in _dependent_rows(path, columns, selected, known, report):
        other = row.matching(related_column, CODE, CODE_FORM)
        if other not in known:  # no occupation of the release: a link to it would dangle
            report.flag(row, UNKNOWN_RELATED, other)
            continue
        if other not in selected:  # left out by ``occupations``: a link would dangle too
            report.skip(path.name, "related occupation not imported")
            continue
        tier, index = row.text("Relatedness Tier"), row.integer("Index", low=1)
        record, record_triples = rel.record(path.name, f"{code} {other}")
        yield from record_triples
        iri = related_iri(code, other)
        yield triple(occupation_iri(code), CSRO + "relatedOccupation", iri)
        yield triple(iri, RDF_TYPE, CSRO + "RelatedOccupation")
        yield triple(iri, SCHEMA + "item", occupation_iri(other))
        yield triple(iri, SCHEMA + "position", typed(index, "integer"))
        yield triple(iri, CSRO + "relatednessTier", text(tier))
        label = f"{code} related occupation {index} ({tier}): {other}"
        yield triple(iri, SKOS + "prefLabel", text(label, rel.language))
        yield triple(iri, PROV + "wasDerivedFrom", record)


#: Dependent files read when present: name -> converter (code column first, like every file).
DEPENDENT_FILES: dict[
    str, Callable[[Path, Release, set[str], set[str], ImportReport], Iterator[pyoxigraph.Triple]]
] = {
    "Task Statements.txt": _tasks,
    "Job Zones.txt": _job_zones,
    "Alternate Titles.txt": _alternate_titles,
    "Sample of Reported Titles.txt": _reported_titles,
    "Related Occupations.txt": _related,
}


def task_scheme_iri(rel: Release) -> str:
    """Return the IRI of the concept scheme of the release's task statements."""
    return f"{BASE}scheme/onet-tasks-{rel.version}"


def occupation_iri(code: str) -> str:
    """Return the IRI of the O*NET occupation with O*NET-SOC ``code``."""
    return f"{BASE}onet/occupation/{code}"


def scheme_iri(rel: Release) -> str:
    """Return the IRI of the concept scheme of the release's occupations."""
    return f"{BASE}scheme/onet-occupations-{rel.version}"
