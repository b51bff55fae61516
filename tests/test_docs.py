"""Ontology documentation: pyLODE's page names every class and property in both languages."""

from __future__ import annotations

import errno
import html
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from csrgraph import __version__
from csrgraph.graph.load import load_graph

CSRO = "https://w3id.org/csrgraph/ontology#"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    from click.testing import CliRunner

    from csrgraph.cli import main

    out = tmp_path_factory.mktemp("docs")
    result = CliRunner().invoke(main, ["docs", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return html.unescape((out / "index.html").read_text("utf-8"))


def _terms() -> list[rdflib.URIRef]:
    graph = load_graph(include_data=False)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(CSRO)}
    return sorted(terms)


TERMS = _terms()


def test_terms_found() -> None:
    assert len(TERMS) >= 60


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.removeprefix(CSRO))
def test_term_documented_with_both_labels(page: str, term: rdflib.URIRef) -> None:
    graph = load_graph(include_data=False)
    labels = {o.language: str(o) for o in graph.objects(term, RDFS.label)}
    assert set(labels) == {"de", "en"}
    heading = f"{labels['en']} ({labels['de']})"
    assert heading in page, f"{term} is not documented as {heading!r}"
    assert str(term) in page


def test_page_has_ontology_metadata(page: str) -> None:
    assert f"https://w3id.org/csrgraph/ontology/{__version__}" in page
    assert "creativecommons.org/licenses/by/4.0" in page


def test_failed_write_removes_the_folder_it_created(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("csrgraph.writing._write_all", disk_full)
    (tmp_path / "kept").mkdir()
    for out in (tmp_path / "new" / "docs", tmp_path / "kept"):
        result = cli("docs", "-o", out)
        assert result.exit_code == 2, result.stderr
        assert result.stderr == f"Error: {out}/index.html: cannot write (No space left on device)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept"]
    assert list((tmp_path / "kept").iterdir()) == []
