"""O*NET records on the sample (tests/fixtures/onet): one node per key, nothing dropped silently.

Fast companions of tests/test_import_onet_release.py (the whole release): titles that differ
by punctuation alone stay two nodes and two records; related occupations are directed entries
with O*NET's tier and index; the education shares keep their statistics; reported titles are
imported; category numbers are typed; the report names every column left out; ``csrgraph
import`` ends with a summary on stderr unless ``--quiet``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import rdflib
from importer_fixtures import FIXTURES
from rdflib.namespace import RDF, SKOS, XSD

from csrgraph.importers.api import Import

ONET = FIXTURES / "onet"
CSRO = rdflib.Namespace("https://w3id.org/csrgraph/ontology#")
SCHEMA = rdflib.Namespace("https://schema.org/")
SKOSXL = rdflib.Namespace("http://www.w3.org/2008/05/skos-xl#")
CSR = rdflib.URIRef("https://w3id.org/csrgraph/onet/occupation/43-4051.00")
#: Alternate titles of the full release that a slug folds together, pairwise.
LOOKALIKES = ("C Developer", "C++ Developer", "Non Profit Director", "Non-Profit Director")


def _graph(folder: Path) -> rdflib.Graph:
    job = Import("onet", folder, version="29.2")
    graph = rdflib.Graph()
    for t in job.triples():
        graph.add(tuple(rdflib.util.from_n3(str(term)) for term in t))  # type: ignore[arg-type]
    return graph


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    """The sample, with four look-alike titles added to 43-4051.00."""
    folder = tmp_path_factory.mktemp("onet") / "onet"
    shutil.copytree(ONET, folder)
    with (folder / "Alternate Titles.txt").open("a", encoding="utf-8") as handle:
        for title in LOOKALIKES:
            handle.write(f"43-4051.00\tCustomer Service Representatives\t{title}\t\t08\n")
    return _graph(folder)


def test_key_segment_is_injective_and_reversible() -> None:
    from csrgraph.importers.provenance import from_segment, key_segment

    keys = [*LOOKALIKES, "a_b", "a b", "a%20b", "A b", "a/b", "ü", "u"]
    assert len({key_segment(k) for k in keys}) == len(keys) == 11
    assert [from_segment(key_segment(k)) for k in keys] == keys


def test_titles_that_differ_by_punctuation_are_two_nodes_and_two_records(
    graph: rdflib.Graph,
) -> None:
    labels = {
        str(graph.value(label, SKOSXL.literalForm)): label
        for label in graph.objects(CSR, SKOSXL.altLabel)
    }
    assert set(LOOKALIKES) <= set(labels)
    nodes = {labels[t] for t in LOOKALIKES}
    records = {
        graph.value(labels[t], rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        for t in LOOKALIKES
    }
    assert len(nodes) == len(records) == 4


def test_related_occupations_are_directed_entries_with_tier_and_index(graph: rdflib.Graph) -> None:
    with (ONET / "Related Occupations.txt").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    imported = {str(o).rpartition("/")[2] for o in graph.subjects(RDF.type, SCHEMA.Occupation)}
    expected = [
        (int(r["Index"]), r["Relatedness Tier"], r["Related O*NET-SOC Code"])
        for r in rows
        if r["O*NET-SOC Code"] == "43-4051.00" and r["Related O*NET-SOC Code"] in imported
    ]
    assert len(expected) >= 5
    found = sorted(
        (
            int(graph.value(e, SCHEMA.position)),  # type: ignore[call-overload]
            str(graph.value(e, CSRO.relatednessTier)),
            str(graph.value(e, SCHEMA.item)).rpartition("/")[2],
        )
        for e in graph.objects(CSR, CSRO.relatedOccupation)
    )
    assert found == expected
    assert not list(graph.triples((None, SKOS.related, None)))  # no symmetric link


def test_shares_keep_their_statistics_and_categories_their_number(graph: rdflib.Graph) -> None:
    shares = [r for r in graph.objects(CSR, CSRO.hasRequirement)]
    with_n = [r for r in shares if graph.value(r, CSRO.sampleSize) is not None]
    assert with_n and len(with_n) == len(shares)
    bounds = [r for r in shares if graph.value(r, CSRO.upperConfidenceBound) is not None]
    assert bounds and all(
        graph.value(r, CSRO.lowerConfidenceBound).toPython()  # type: ignore[union-attr]
        <= graph.value(r, CSRO.upperConfidenceBound).toPython()  # type: ignore[union-attr]
        for r in bounds
    )
    flags = {graph.value(r, CSRO.suppressionRecommended) for r in shares}
    assert flags <= {rdflib.Literal(True), rdflib.Literal(False)} and None not in flags
    number = graph.value(
        rdflib.URIRef("https://w3id.org/csrgraph/onet/category/2.D.1/RL/10"), SCHEMA.position
    )
    assert number == rdflib.Literal(10, datatype=XSD.integer)


def test_reported_titles_are_imported(graph: rdflib.Graph) -> None:
    reported = list(graph.objects(CSR, CSRO.reportedTitle))
    assert reported
    assert all(graph.value(r, SKOSXL.literalForm) is not None for r in reported)
    assert all(graph.value(r, CSRO.shownInMyNextMove) is not None for r in reported)


def test_the_report_names_every_column_left_out() -> None:
    job = Import("onet", ONET, occupations=["43-4051.00"], version="29.2")
    for _ in job.triples():
        pass
    columns = job.report.columns
    assert "Related Title" in columns["Related Occupations.txt"]
    fates = [why for cols in columns.values() for why in cols.values()]
    assert fates and "not imported: not mapped" not in fates
    assert "    not imported: Title (" in job.report.summary()


def test_cli_prints_a_summary_unless_quiet(cli, tmp_path: Path, monkeypatch) -> None:
    from csrgraph.cli import progress

    monkeypatch.setattr(progress, "on_terminal", lambda: True)  # the summary is for a terminal
    out = tmp_path / "out.nt"
    loud = cli("import", "onet", ONET, "--release", "29.2", "--occupation", "43-4051.00", "-o", out)
    assert loud.exit_code == 0, loud.stderr
    lines = loud.stderr.replace("\r", "\n").splitlines()
    (first,) = [line for line in lines if line.startswith("onet: ")]
    assert first.startswith("onet: 8 files, ") and first.endswith(" triples"), first
    assert any(line.startswith("  elapsed: ") for line in lines)
    assert "  Sample of Reported Titles.txt: " in loud.stderr
    quiet = cli(
        "import",
        "onet",
        ONET,
        "--release",
        "29.2",
        "--occupation",
        "43-4051.00",
        "-o",
        out,
        "--quiet",
    )
    assert quiet.exit_code == 0, quiet.stderr
    # no summary, but the warning: the sample relates 43-4051.00 to 13 codes outside it
    assert quiet.stderr.splitlines() == [
        "Warning: skipped 13 rows (related code not in Occupation Data.txt): Related "
        "Occupations.txt: 13; first: Related Occupations.txt, line 162: '41-3091.00'"
    ]
