"""Import the O*NET database (its tab-delimited text files) into csrgraph's vocabulary.

``Occupation Data.txt`` is required; the other files are read when present. Each O*NET-SOC
occupation becomes a ``schema:Occupation`` and ``skos:Concept`` in the O*NET scheme, whose
``schema:CategoryCode`` is the node ``data/mappings.ttl`` uses for the same code (minted by
:func:`csrgraph.links.mappings_graph`, the one function that mints code nodes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError
from csrgraph.importers.records import (
    BASE,
    CSRO,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    Publisher,
    Release,
    Row,
    read_table,
    text,
    triple,
    typed,
)

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

    from csrgraph.links import MappingSet

CODE = re.compile(r"[0-9]{2}-[0-9]{4}\.[0-9]{2}")
CODE_FORM = "NN-NNNN.NN"
CODE_COLUMN = "O*NET-SOC Code"
OCCUPATIONS_FILE = "Occupation Data.txt"
TASK_TYPES = ("Core", "Supplemental")

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


def release(version: str = "29.2", issued: str = "2025-02") -> Release:
    """Return the O*NET database release ``version``, issued ``issued`` (CC BY 4.0)."""
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
    )


@dataclass
class Report:
    """What an import did: occupations written, and rows skipped per file (unknown code)."""

    occupations: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def warning(self) -> str | None:
        """Return the one warning line about skipped rows, or None when none were."""
        if not self.skipped:
            return None
        total = sum(self.skipped.values())
        files = ", ".join(f"{name}: {n}" for name, n in sorted(self.skipped.items()))
        return f"skipped {total} rows whose code is not in {OCCUPATIONS_FILE} ({files})"


def _dependent_rows(
    path: Path, required: tuple[str, ...], selected: set[str], known: set[str], report: Report
) -> Iterator[tuple[str, Row]]:
    """Yield (code, row) of a dependent file's selected rows; count unknown codes as skipped."""
    for row in read_table(path, (CODE_COLUMN, *required)):
        code = row.matching(CODE_COLUMN, CODE, CODE_FORM)
        if code not in known:
            report.skipped[path.name] = report.skipped.get(path.name, 0) + 1
        elif code in selected:
            yield code, row


def task_iri(code: str, task_id: str) -> str:
    """Return the IRI of O*NET task statement ``task_id`` of occupation ``code``."""
    return f"{BASE}onet/task/{code}-{task_id}"


def _tasks(
    path: Path, rel: Release, selected: set[str], known: set[str], report: Report
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
    path: Path, rel: Release, selected: set[str], known: set[str], report: Report
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


def _alternate_titles(
    path: Path, rel: Release, selected: set[str], known: set[str], report: Report
) -> Iterator[pyoxigraph.Triple]:
    for code, row in _dependent_rows(path, ("Alternate Title",), selected, known, report):
        yield triple(
            occupation_iri(code), SKOS + "altLabel", text(row.text("Alternate Title"), rel.language)
        )


def _related(
    path: Path, rel: Release, selected: set[str], known: set[str], report: Report
) -> Iterator[pyoxigraph.Triple]:
    related_column = "Related O*NET-SOC Code"
    for code, row in _dependent_rows(path, (related_column,), selected, known, report):
        other = row.matching(related_column, CODE, CODE_FORM)
        if other in selected:  # a link to an occupation outside the import would dangle
            yield triple(occupation_iri(code), SKOS + "related", occupation_iri(other))


#: Dependent files read when present: name -> converter (code column first, like every file).
DEPENDENT_FILES: dict[
    str, Callable[[Path, Release, set[str], set[str], Report], Iterator[pyoxigraph.Triple]]
] = {
    "Task Statements.txt": _tasks,
    "Job Zones.txt": _job_zones,
    "Alternate Titles.txt": _alternate_titles,
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


def _schemes(rel: Release) -> list[pyoxigraph.Triple]:
    iri, tasks = scheme_iri(rel), task_scheme_iri(rel)
    return [
        triple(tasks, RDF_TYPE, SKOS + "ConceptScheme"),
        triple(
            tasks, SKOS + "prefLabel", text(f"Aufgaben der O*NET-Datenbank {rel.version}", "de")
        ),
        triple(
            tasks,
            SKOS + "prefLabel",
            text(f"task statements of the O*NET {rel.version} Database", "en"),
        ),
        triple(
            tasks,
            SKOS + "definition",
            text(
                f"Die Aufgabenbeschreibungen der O*NET-Datenbank {rel.version}, importiert.", "de"
            ),
        ),
        triple(
            tasks,
            SKOS + "definition",
            text(f"The task statements of the O*NET {rel.version} Database, imported.", "en"),
        ),
        triple(tasks, PROV + "wasDerivedFrom", rel.iri),
        triple(iri, RDF_TYPE, SKOS + "ConceptScheme"),
        triple(iri, SKOS + "prefLabel", text(f"Berufe der O*NET-Datenbank {rel.version}", "de")),
        triple(
            iri, SKOS + "prefLabel", text(f"occupations of the O*NET {rel.version} Database", "en")
        ),
        triple(
            iri,
            SKOS + "definition",
            text(f"Die O*NET-SOC-Berufe der O*NET-Datenbank {rel.version}, importiert.", "de"),
        ),
        triple(
            iri,
            SKOS + "definition",
            text(f"The O*NET-SOC occupations of the O*NET {rel.version} Database, imported.", "en"),
        ),
        triple(iri, PROV + "wasDerivedFrom", rel.iri),
    ]


def read_occupations(folder: Path) -> dict[str, tuple[str, str, int]]:
    """Return code -> (title, description, line) from ``Occupation Data.txt``."""
    path = folder / OCCUPATIONS_FILE
    if not path.is_file():
        raise InputError(f"{path}: missing (an O*NET folder has {OCCUPATIONS_FILE!r})")
    found: dict[str, tuple[str, str, int]] = {}
    for row in read_table(path, (CODE_COLUMN, "Title", "Description")):
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
    report: Report | None = None,
) -> Iterator[pyoxigraph.Triple]:
    """Yield the triples of the O*NET files in ``folder`` (only ``occupations`` if given).

    Raises :class:`InputError` naming file and line for a malformed file; rows of other files
    whose code is not in ``Occupation Data.txt`` are skipped and counted in ``report``.
    """
    folder = Path(folder)
    rel = rel or release()
    report = report if report is not None else Report()
    known = read_occupations(folder)
    wanted = set(occupations)
    for code in sorted(wanted):
        if not CODE.fullmatch(code):
            raise InputError(f"--occupation {code!r} is not an O*NET-SOC code ({CODE_FORM})")
        if code not in known:
            raise InputError(f"--occupation {code}: not in {folder / OCCUPATIONS_FILE}")
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
        report.occupations += 1
    for name, convert in DEPENDENT_FILES.items():
        path = folder / name
        if path.is_file():
            yield from convert(path, rel, set(selected), set(known), report)
