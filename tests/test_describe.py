"""The dataset description: committed statistics match the graph; the hand part is complete."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from csrgraph.errors import InputError, UsageError
from csrgraph.graph.parsing import parse_file
from csrgraph.publish import describe, dist, void

DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    return parse_file(describe.description_path()).quads


def _objects(quads: list[ox.Quad], subject: str, predicate: str) -> list[ox.Term]:
    return [
        q.object for q in quads if q.subject.value == subject and q.predicate.value == predicate
    ]


def test_committed_description_is_current() -> None:
    path = describe.description_path()
    assert path.read_text("utf-8") == describe.expected_text(), (
        f"{path.name} is out of date with the graph; run `{describe.FIX_COMMAND}` and commit it"
    )


def test_statistics_count_the_content_without_the_description() -> None:
    names = [p.name for p in describe.content_files()]
    assert describe.DESCRIPTION_FILE not in names
    assert len(names) >= 3, names


def test_void_triples_equals_the_nt_dump(quads: list[ox.Quad]) -> None:
    header = describe.read_header(describe.split(describe.description_path().read_text())[0])
    (triples,) = _objects(quads, header.dataset, VOID + "triples")
    nt = dist.build()[_nt_name()]
    assert int(triples.value) == nt.count(b"\n") > 1000


def _nt_name() -> str:
    from csrgraph import __version__

    return dist.graph_file_name(dist.FORMATS["nt"], __version__)


def test_partitions_add_up(quads: list[ox.Quad]) -> None:
    header = describe.read_header(describe.split(describe.description_path().read_text())[0])
    parts = _objects(quads, header.dataset, VOID + "propertyPartition")
    assert len(parts) >= 20
    total = sum(int(_objects(quads, p.value, VOID + "triples")[0].value) for p in parts)
    (triples,) = _objects(quads, header.dataset, VOID + "triples")
    assert total == int(triples.value)
    classes = _objects(quads, header.dataset, VOID + "classPartition")
    (count,) = _objects(quads, header.dataset, VOID + "classes")
    assert len(classes) == int(count.value) >= 20


def test_compute_statistics_on_a_tiny_graph() -> None:
    a, b = ox.NamedNode("https://e/a"), ox.NamedNode("https://other/b")
    typ = ox.NamedNode(void.RDF_TYPE)
    p = ox.NamedNode("https://e/p")
    quads = [
        ox.Quad(a, typ, ox.NamedNode("https://e/C")),
        ox.Quad(b, typ, ox.NamedNode("https://e/C")),
        ox.Quad(a, p, b),
        ox.Quad(a, p, b),  # a duplicate counts once
    ]
    s = void.compute_statistics(quads, "https://e/")
    assert (s.triples, s.entities, s.classes, s.properties) == (3, 1, 1, 2)
    assert (s.distinct_subjects, s.distinct_objects) == (2, 2)
    assert s.class_partition == {"https://e/C": 2}
    assert s.property_partition == {void.RDF_TYPE: 2, "https://e/p": 1}


def test_stale_description_is_reported(tmp_path, cli, monkeypatch) -> None:
    stale = tmp_path / describe.DESCRIPTION_FILE
    text = describe.description_path().read_text("utf-8")
    stale.write_text(text.replace("void:triples ", "void:triples 1", 1), "utf-8")
    assert not describe.is_current(stale)
    monkeypatch.setattr(describe, "description_path", lambda: stale)
    result = cli("describe", "--check")
    assert result.exit_code == 1
    assert result.stderr == ("Error: dataset.ttl is out of date; run `csrgraph describe --write`\n")
    assert describe.write(stale) is True
    assert describe.is_current(stale)
    assert cli("describe", "--check").exit_code == 0


def test_hand_written_part_is_complete(quads: list[ox.Quad]) -> None:
    header = describe.read_header(describe.split(describe.description_path().read_text())[0])
    ds = header.dataset
    for predicate in ("title", "description"):
        langs = sorted(o.language for o in _objects(quads, ds, DCTERMS + predicate))
        assert langs == ["de", "en"], predicate
    for predicate in (
        DCTERMS + "publisher",
        DCTERMS + "creator",
        DCTERMS + "license",
        DCTERMS + "issued",
        DCTERMS + "modified",
        DCAT + "version",
        DCAT + "keyword",
        DCAT + "theme",
        PROV + "wasDerivedFrom",
        VOID + "vocabulary",
        VOID + "subset",
        DCAT + "distribution",
    ):
        assert _objects(quads, ds, predicate), f"the dataset has no {predicate}"


def test_distributions_have_media_types(quads: list[ox.Quad]) -> None:
    header = describe.read_header(describe.split(describe.description_path().read_text())[0])
    nodes = _objects(quads, header.dataset, DCAT + "distribution")
    assert len(nodes) == len(dist.distributions("0")) >= 6
    for node in nodes:
        (media,) = _objects(quads, node.value, DCAT + "mediaType")
        assert media.value.startswith(dist.IANA), node


def test_path_option_checks_and_rewrites_that_file(tmp_path, cli) -> None:
    stale = tmp_path / "copy.ttl"
    text = describe.description_path().read_text("utf-8")
    stale.write_text(text.replace("void:triples ", "void:triples 1", 1), "utf-8")
    stale.chmod(0o640)
    result = cli("describe", "--check", "--path", stale)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {stale} is out of date; run `csrgraph describe --write --path {stale}`\n"
    )
    result = cli("describe", "--write", "--path", stale)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{stale}: updated\n"
    assert stale.read_text("utf-8") == text
    assert stale.stat().st_mode & 0o777 == 0o640
    assert cli("describe", "--check", "--path", stale).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.ttl"]


def test_write_from_an_installed_package_needs_path(tmp_path, cli, monkeypatch) -> None:
    """Never rewrite the copy in site-packages: without --path, one Error line naming it."""
    committed = describe.description_path()
    before = committed.read_bytes()
    monkeypatch.setattr(describe, "is_installed", lambda: True)
    result = cli("describe", "--write")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--path FILE" in lines[0]
    assert committed.read_bytes() == before
    with pytest.raises(UsageError):
        describe.write()
    copy = tmp_path / "dataset.ttl"
    copy.write_bytes(before)
    assert cli("describe", "--write", "--path", copy).exit_code == 0


def test_write_from_a_checkout_defaults_to_its_file(tmp_path, cli, monkeypatch) -> None:
    stale = tmp_path / describe.DESCRIPTION_FILE
    text = describe.description_path().read_text("utf-8")
    stale.write_text(text.replace("void:triples ", "void:triples 1", 1), "utf-8")
    monkeypatch.setattr(describe, "is_installed", lambda: False)
    monkeypatch.setattr(describe, "description_path", lambda: stale)
    result = cli("describe", "--write")
    assert result.exit_code == 0, result.output
    assert stale.read_text("utf-8") == text


MODES = [[], ["--check"], ["--write"]]


@pytest.mark.parametrize("mode", MODES, ids=["print", "check", "write"])
def test_errors_name_the_file_given_with_path(tmp_path, cli, mode: list[str]) -> None:
    assert len(MODES) == 3
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b "unclosed .\n', "utf-8")
    result = cli("describe", *mode, "--path", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}:2:") and result.stderr.count("\n") == 1
    empty = tmp_path / "empty.ttl"
    empty.write_text("", "utf-8")
    result = cli("describe", *mode, "--path", empty)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {empty}: expected exactly one void:Dataset, found 0\n"
    assert bad.read_text("utf-8").count("\n") == 2 and empty.read_text("utf-8") == ""


def test_byte_sizes_errors_name_the_file(tmp_path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("", "utf-8")
    with pytest.raises(InputError, match=f"^{re.escape(str(empty))}: expected exactly one"):
        describe.with_byte_sizes({"nt": 1}, empty)
