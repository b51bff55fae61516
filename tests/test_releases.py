"""Releases side by side: each import records its release and keeps its facts in its graph.

Issue 19: importing 43-4051.00 from O*NET 29.2 and again as a later release put both values on
one requirement node, and validation failed with a message about a value, not the cause.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_fixtures import FIXTURES

from csrgraph.importers import Import, write_import
from csrgraph.validation import validate

ONET = FIXTURES / "onet"
CODE = "43-4051.00"
RULE = "<https://w3id.org/csrgraph/rules/releases-side-by-side>"


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("releases")
    found = {}
    for version, issued, fmt in (("29.2", None, "nq"), ("30.0", "2025-08", "nq")):
        out = folder / f"onet-{version}.{fmt}"
        options = {"occupations": [CODE], "version": version, "issued": issued}
        write_import("onet", ONET, out, fmt, **options)
        found[version] = out
    return found


def test_the_report_records_the_release() -> None:
    job = Import("onet", ONET, occupations=[CODE], version="29.2")
    next(iter(job.triples()))
    assert job.report.version == "29.2"
    assert job.report.release == "https://w3id.org/csrgraph/source/onet-29.2"
    assert job.report.graph == "https://w3id.org/csrgraph/dataset/import/onet-29.2"


def test_each_release_is_a_named_graph_of_its_own(two_releases: dict[str, Path]) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    for path in two_releases.values():
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == [
        "https://w3id.org/csrgraph/dataset/import/onet-29.2",
        "https://w3id.org/csrgraph/dataset/import/onet-30.0",
    ]
    value = ox.NamedNode("https://schema.org/value")
    for graph in store.named_graphs():  # one value per requirement in each release's graph
        subjects = [q.subject for q in store.quads_for_pattern(None, value, None, graph)]
        assert subjects and len(subjects) == len(set(subjects))


def test_two_releases_in_one_graph_break_the_rule_that_says_why(
    two_releases: dict[str, Path], tmp_path: Path
) -> None:
    files = []
    for version in two_releases:
        out = tmp_path / f"{version}.nt"
        issued = None if version == "29.2" else "2025-08"
        write_import("onet", ONET, out, "nt", occupations=[CODE], version=version, issued=issued)
        files.append(out)
    assert validate(data=files[:1]).conforms
    report = validate(data=files)
    assert not report.conforms
    assert [r.focus for r in report.results if r.shape == RULE] == [
        "<https://w3id.org/csrgraph/source/onet-29.2>"
    ]
