"""The dependent files of the O*NET database: each converter reads one file's rows into triples.

Every file's first column is the O*NET-SOC code; a row whose code is not in ``Occupation
Data.txt`` is skipped and counted for a warning (:func:`warning`); a row of an occupation left
out by ``--occupation`` is skipped too; both are counted with their reason in the
:class:`~csrgraph.importers.api.ImportReport`. :data:`DEPENDENT_FILES` names the converters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError
from csrgraph.importers.api import ImportReport
from csrgraph.importers.provenance import (
    BASE,
    CSRO,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    Release,
    slug,
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
#: ... or its occupation is left out by ``occupations``.
NOT_IMPORTED = "occupation not imported"
#: ... or it is of a scale of the ETE files that is not a distribution (not read).
OTHER_SCALE = "importance scale, not read"

#: The old name of the report (before :class:`~csrgraph.importers.api.ImportReport`).
Report = ImportReport


def warning(report: ImportReport) -> str | None:
    """Return the one warning line about rows of unknown codes, or None when none were."""
    skipped = report.skipped_for(UNKNOWN_CODE)
    if not skipped:
        return None
    total = sum(skipped.values())
    files = ", ".join(f"{name}: {n}" for name, n in sorted(skipped.items()))
    return f"skipped {total} rows whose code is not in {OCCUPATIONS_FILE} ({files})"


def _dependent_rows(
    path: Path,
    required: tuple[str, ...],
    selected: set[str],
    known: set[str],
    report: ImportReport,
) -> Iterator[tuple[str, Row]]:
    """Yield (code, row) of a dependent file's selected rows; count the others as skipped."""
    for row in report.read(path, (CODE_COLUMN, *required)):
        code = row.matching(CODE_COLUMN, CODE, CODE_FORM)
        if code not in known:
            report.skip(path.name, UNKNOWN_CODE)
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
    for code, row in _dependent_rows(path, columns, selected, known, report):
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
    for code, row in _dependent_rows(path, ("Job Zone",), selected, known, report):
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
        label = f"{BASE}onet/title/{slug(code + ' ' + title)}"
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


def _related(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    related_column = "Related O*NET-SOC Code"
    for code, row in _dependent_rows(path, (related_column,), selected, known, report):
        other = row.matching(related_column, CODE, CODE_FORM)
        if other in selected:  # a link to an occupation outside the import would dangle
            yield triple(occupation_iri(code), SKOS + "related", occupation_iri(other))
        else:
            report.skip(path.name, "related occupation not imported")


ETE_FILE = "Education, Training, and Experience.txt"
ETE_CATEGORIES_FILE = "Education, Training, and Experience Categories.txt"

#: The scales of the ETE file that are distributions over categories -> requirement class
#: (RL required level of education, RW related work experience, PT on-site or in-plant
#: training, OJ on-the-job training). Rows of other scales (importance, IM) are not read.
ETE_SCALES: dict[str, str] = {
    "RL": "EducationRequirement",
    "RW": "ExperienceRequirement",
    "PT": "TrainingRequirement",
    "OJ": "TrainingRequirement",
}


def category_iri(element: str, scale: str, category: int) -> str:
    """Return the IRI of an ETE response category (element ID, scale ID, category number)."""
    return f"{BASE}onet/category/{element}-{scale}-{category}"


def category_scheme_iri(rel: Release) -> str:
    """Return the IRI of the concept scheme of the release's ETE response categories."""
    return f"{BASE}scheme/onet-ete-categories-{rel.version}"


def _categories(
    path: Path, rel: Release, report: ImportReport
) -> tuple[dict[str, str], list[pyoxigraph.Triple]]:
    """Read the ETE categories: category IRI -> label, and their concept triples."""
    found: dict[str, str] = {}
    triples: list[pyoxigraph.Triple] = []
    columns = ("Element ID", "Element Name", "Scale ID", "Category", "Category Description")
    for row in report.read(path, columns):
        scale = row.text("Scale ID")
        if scale not in ETE_SCALES:
            report.skip(path.name, OTHER_SCALE)
            continue
        element, category = row.text("Element ID"), row.integer("Category")
        iri = category_iri(element, scale, category)
        record, record_triples = rel.record(path.name, f"{element} {scale} {category}")
        triples += record_triples
        label = f"{row.text('Element Name')}: {row.text('Category Description')}"
        found[iri] = label
        triples += [
            triple(iri, RDF_TYPE, SKOS + "Concept"),
            triple(iri, SKOS + "inScheme", category_scheme_iri(rel)),
            triple(iri, SKOS + "notation", text(f"{element} {scale} {category}")),
            triple(iri, SKOS + "prefLabel", text(label, rel.language)),
            triple(iri, PROV + "wasDerivedFrom", record),
        ]
    return found, triples


def _education(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    categories_path = path.parent / ETE_CATEGORIES_FILE
    if not categories_path.is_file():
        raise InputError(f"{categories_path}: missing (needed to read {path.name})")
    categories, category_triples = _categories(categories_path, rel, report)
    yield from category_triples
    columns = ("Element ID", "Scale ID", "Category", "Data Value", "Date", "Domain Source")
    for code, row in _dependent_rows(path, columns, selected, known, report):
        scale = row.text("Scale ID")
        if scale not in ETE_SCALES:
            report.skip(path.name, OTHER_SCALE)
            continue
        element, category = row.text("Element ID"), row.integer("Category")
        concept = category_iri(element, scale, category)
        if concept not in categories:
            raise row.fail(f"category {element} {scale} {category} is not in {ETE_CATEGORIES_FILE}")
        share = row.decimal("Data Value", low=Decimal(0), high=Decimal(100))
        key = f"{code} {element} {scale} {category}"
        record, record_triples = rel.record(
            path.name, key, date=row.month("Date"), domain_source=row.optional("Domain Source")
        )
        yield from record_triples
        iri = f"{BASE}onet/requirement/{code}-{element}-{scale}-{category}"
        yield triple(occupation_iri(code), CSRO + "hasRequirement", iri)
        yield triple(iri, RDF_TYPE, CSRO + ETE_SCALES[scale])
        label = f"{categories[concept]}: {share} % of respondents"
        yield triple(iri, SKOS + "prefLabel", text(label, rel.language))
        yield triple(iri, CSRO + "category", concept)
        yield triple(iri, SCHEMA + "value", typed(share, "decimal"))
        yield triple(iri, SCHEMA + "unitCode", text("P1"))
        if row.optional("Recommend Suppress") == "Y":
            yield triple(iri, CSRO + "suppressionRecommended", typed("true", "boolean"))
        yield triple(iri, PROV + "wasDerivedFrom", record)


#: Dependent files read when present: name -> converter (code column first, like every file).
DEPENDENT_FILES: dict[
    str, Callable[[Path, Release, set[str], set[str], ImportReport], Iterator[pyoxigraph.Triple]]
] = {
    "Task Statements.txt": _tasks,
    "Job Zones.txt": _job_zones,
    "Alternate Titles.txt": _alternate_titles,
    "Related Occupations.txt": _related,
    ETE_FILE: _education,
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
