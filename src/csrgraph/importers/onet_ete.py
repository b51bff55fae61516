"""O*NET's education, training and experience files: response categories and their shares.

``Education, Training, and Experience.txt`` gives, per occupation, the share of respondents
in each category of a scale (RL required level of education, RW related work experience, PT
on-site or in-plant training, OJ on-the-job training) with its statistics (N, standard
error, 95 % confidence bounds, a recommend-suppress flag, date and domain source); the
Categories file names the categories. Each share is a requirement node of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError
from csrgraph.importers.api import ImportReport
from csrgraph.importers.onet_files import OTHER_SCALE, REPEATED, _dependent_rows, occupation_iri
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
from csrgraph.importers.tables import Row, refuse_special

if TYPE_CHECKING:
    import pyoxigraph


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
    """Return the IRI of an ETE response category (element ID, scale ID, category number).

    >>> category_iri("2.D.1", "RL", 10)
    'https://w3id.org/csrgraph/onet/category/2.D.1/RL/10'
    """
    return f"{BASE}onet/category/{key_segment(element)}/{key_segment(scale)}/{category}"


def requirement_iri(code: str, element: str, scale: str, category: int) -> str:
    """Return the IRI of the share of category ``category`` for occupation ``code``."""
    return f"{BASE}onet/requirement/{code}/{key_segment(element)}/{key_segment(scale)}/{category}"


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
    for row in report.read(path, columns, not_imported=REPEATED):
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
            triple(iri, SCHEMA + "position", typed(category, "integer")),
            triple(iri, SKOS + "prefLabel", text(label, rel.language)),
            triple(iri, PROV + "wasDerivedFrom", record),
        ]
    return found, triples


#: The statistics columns of the ETE file: column -> property (a number, or the N count).
STATISTICS = ("N", "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress")
_BOUNDS = {
    "Standard Error": "standardError",
    "Lower CI Bound": "lowerConfidenceBound",
    "Upper CI Bound": "upperConfidenceBound",
}


def _statistics(iri: str, row: Row) -> Iterator[pyoxigraph.Triple]:
    """Yield the statistics of a share that the row gives (an empty cell gives none)."""
    if row.optional("N") is not None:
        yield triple(iri, CSRO + "sampleSize", typed(row.integer("N"), "integer"))
    for column, prop in _BOUNDS.items():
        value = row.optional_decimal(column)
        if value is not None:
            yield triple(iri, CSRO + prop, typed(value, "decimal"))
    flag = row.optional("Recommend Suppress")
    if flag is not None:
        if flag not in ("Y", "N"):
            raise row.fail(f"Recommend Suppress {flag!r} is not Y or N")
        yield triple(
            iri,
            CSRO + "suppressionRecommended",
            typed("true" if flag == "Y" else "false", "boolean"),
        )


def _education(
    path: Path, rel: Release, selected: set[str], known: set[str], report: ImportReport
) -> Iterator[pyoxigraph.Triple]:
    categories_path = path.parent / ETE_CATEGORIES_FILE
    refuse_special(categories_path)
    if not categories_path.is_file():
        raise InputError(f"{categories_path}: missing (needed to read {path.name})")
    categories, category_triples = _categories(categories_path, rel, report)
    yield from category_triples
    columns = ("Element ID", "Scale ID", "Category", "Data Value", "Date", "Domain Source")
    rows = _dependent_rows(path, columns, selected, known, report, STATISTICS)
    for code, row in rows:
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
        iri = requirement_iri(code, element, scale, category)
        yield triple(occupation_iri(code), CSRO + "hasRequirement", iri)
        yield triple(iri, RDF_TYPE, CSRO + ETE_SCALES[scale])
        label = f"{categories[concept]}: {share} % of respondents"
        yield triple(iri, SKOS + "prefLabel", text(label, rel.language))
        yield triple(iri, CSRO + "category", concept)
        yield triple(iri, SCHEMA + "value", typed(share, "decimal"))
        yield triple(iri, SCHEMA + "unitCode", text("P1"))
        yield from _statistics(iri, row)
        yield triple(iri, PROV + "wasDerivedFrom", record)
