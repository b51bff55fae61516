"""Release artefacts: complete, consistent, and byte-identical when built twice."""

from __future__ import annotations

import errno
import gzip
import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from csrgraph import __version__
from csrgraph.publish import describe, dist, void

GRAPH_FILES = [dist.graph_file_name(f, __version__) for f in dist.FORMATS.values()]


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    dist.write(out)
    return out


def test_formats_registry() -> None:
    assert len(dist.FORMATS) == 5
    assert len(GRAPH_FILES) == 5


def test_release_lists_every_artefact(release: Path) -> None:
    names = sorted(p.name for p in release.iterdir())
    expected = sorted(
        [*GRAPH_FILES, *(p.name for p in dist.sssom_files()), "dataset.ttl", "SHA256SUMS"]
    )
    assert len(dist.sssom_files()) >= 1
    assert names == expected


def test_twice_gives_identical_bytes(release: Path, tmp_path: Path, cli) -> None:
    result = cli("dist", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    files = sorted(release.iterdir())
    assert len(files) >= 8
    for path in files:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert "SHA256SUMS" in result.stdout


def test_checksums_match(release: Path) -> None:
    lines = (release / "SHA256SUMS").read_text("ascii").splitlines()
    assert len(lines) == len(list(release.iterdir())) - 1
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name


def test_every_format_holds_the_same_triples(release: Path) -> None:
    nt = release / dist.graph_file_name(dist.FORMATS["nt"], __version__)
    expected = {str(t) for t in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)}
    assert len(expected) > 1000
    for fmt in dist.FORMATS.values():
        data = (release / dist.graph_file_name(fmt, __version__)).read_bytes()
        if fmt.gzip:
            assert data[4:8] == b"\0\0\0\0", "gzip mtime must be 0"
            data = gzip.decompress(data)
        triples = ox.parse(data, format=getattr(ox.RdfFormat, fmt.oxigraph_format))
        # blank node labels may differ between formats; compare counts and IRI-only triples
        got = list(triples)
        assert len(got) == len(expected), fmt.key
        plain = {str(t) for t in got if "_:" not in str(t)}
        assert plain == {t for t in expected if "_:" not in t}, fmt.key


def test_nt_is_sorted(release: Path) -> None:
    lines = (
        (release / dist.graph_file_name(dist.FORMATS["nt"], __version__)).read_text().splitlines()
    )
    assert len(lines) > 1000
    assert lines == sorted(lines, key=lambda line: line.removesuffix(" ."))


def test_description_copy_has_the_real_byte_sizes(release: Path) -> None:
    quads = list(ox.parse(path=str(release / "dataset.ttl"), format=ox.RdfFormat.TURTLE))
    sizes = {
        q.subject.value: int(q.object.value)
        for q in quads
        if q.predicate.value == void.DCAT + "byteSize"
    }
    distributions = dist.distributions(__version__)
    assert len(sizes) == len(distributions) >= 6
    header = describe.read_header(describe.split(describe.description_path().read_text())[0])
    for d in distributions:
        node = f"{header.dataset}/distribution/{d.key}"
        assert sizes[node] == (release / d.file_name).stat().st_size, d.file_name


def test_unwritable_target_leaves_nothing(tmp_path: Path, cli) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("dist", "-o", blocker / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def _disk_full(fd: int, data: bytes) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_failed_write_removes_the_folder_it_created(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("csrgraph.writing._write_all", _disk_full)
    result = cli("dist", "-o", tmp_path / "new" / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_a_folder_that_existed(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    monkeypatch.setattr("csrgraph.writing._write_all", _disk_full)
    result = cli("dist", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert list((tmp_path / "out").iterdir()) == []
