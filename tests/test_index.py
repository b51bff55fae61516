"""The persistent index: ``csrgraph index`` and ``csrgraph query --store-dir``."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from csrgraph.errors import InputError, UsageError
from csrgraph.graph.index import MANIFEST, build_index, open_index, read_index
from csrgraph.graph.load import load_store

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = FIXTURES / "queries"
SECOND = FIXTURES / "second-occupation.ttl"
EXTRA_RDF = FIXTURES / "extra.rdf"


def leftovers(folder: Path) -> list[str]:
    """Names in ``folder`` left by a build (temporary and old copies start with a dot)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of the bundled graph plus the second occupation, shared by the module."""
    folder = tmp_path_factory.mktemp("index") / "store"
    build_index([SECOND], folder)
    return folder


def test_index_holds_the_same_triples_as_a_fresh_load(index: Path) -> None:
    fresh = load_store([SECOND])
    store = open_index(index)
    assert len(store) == len(fresh) == read_index(index).triples
    assert len(fresh) > 2000
    assert bool(store.query((QUERIES / "ask-labelled.rq").read_text(encoding="utf-8")))


def test_manifest_names_the_files(index: Path) -> None:
    info = read_index(index)
    assert [f.path for f in info.files] == [str(SECOND)]
    assert info.files[0].bytes == SECOND.stat().st_size
    assert len(info.files[0].sha256) == 64


def test_index_command_reports_the_count(cli, tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    result = cli("index", "--data", SECOND, "--store-dir", folder, "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["triples"] == len(load_store([SECOND]))
    assert (folder / MANIFEST).is_file()
    assert leftovers(tmp_path) == []


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text('_:x <https://example.org/p> "a" .\n', encoding="utf-8")
    b.write_text('_:x <https://example.org/p> "b" .\n', encoding="utf-8")
    build_index([a, b], tmp_path / "idx")
    query = (QUERIES / "subjects-of-p.rq").read_text(encoding="utf-8")
    rows = list(open_index(tmp_path / "idx").query(query))
    assert len(rows) == 2


def test_other_formats_are_indexed(tmp_path: Path) -> None:
    info = build_index([EXTRA_RDF], tmp_path / "idx")
    assert info.triples > len(load_store())


def test_missing_file_is_one_error_line_and_leaves_nothing(cli, tmp_path: Path) -> None:
    result = cli("index", "--data", tmp_path / "nope.ttl", "--store-dir", tmp_path / "idx")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope.ttl'}: no such file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<https://e/a> <https://e/p> <https://e/o> .\n<https://e/a> <https://e/p> .\n")
    with pytest.raises(InputError, match=r"bad\.nt:2:\d+: "):
        build_index([bad], tmp_path / "idx")
    assert not (tmp_path / "idx").exists()
    assert leftovers(tmp_path) == []


LATIN1 = {
    ".nt": b'<https://e/a> <https://e/p> "caf\xe9" .\n',
    ".ttl": b'<https://e/a> <https://e/p> "caf\xe9" .\n',
    ".rdf": b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="https://e/a"><rdf:value>caf\xe9</rdf:value>'
    b"</rdf:Description></rdf:RDF>\n",
    ".jsonld": b'{"@id": "https://e/a", "https://e/p": "caf\xe9"}\n',
}


@pytest.mark.parametrize("suffix", sorted(LATIN1))
def test_bytes_that_are_not_utf8_are_named(tmp_path: Path, suffix: str) -> None:
    assert len(LATIN1) == 4
    bad = tmp_path / f"latin1{suffix}"
    bad.write_bytes(LATIN1[suffix])
    with pytest.raises(InputError, match=r"latin1\.\w+:\d+:\d+: not UTF-8 text \(byte 0xe9\)"):
        build_index([bad], tmp_path / "idx")


def test_doctype_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<rdf:RDF/>\n')
    with pytest.raises(InputError, match="DOCTYPE/ENTITY"):
        build_index([bomb], tmp_path / "idx")


def test_a_folder_of_other_things_is_never_overwritten(cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = cli("index", "--data", SECOND, "--store-dir", folder)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "not a csrgraph index" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_file_is_not_a_store_dir(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        build_index([], target)


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert build_index([], folder).triples == len(load_store())


def test_rebuild_replaces_and_a_failed_rebuild_keeps_the_old_index(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    first = build_index([], folder)
    second = build_index([SECOND], folder)
    assert second.triples > first.triples
    assert read_index(folder).triples == len(open_index(folder)) == second.triples
    with pytest.raises(InputError):
        build_index([tmp_path / "missing.ttl"], folder)
    assert read_index(folder).triples == second.triples
    assert len(open_index(folder)) == second.triples
    assert leftovers(tmp_path) == []


def test_open_refuses_a_folder_that_is_no_index(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a csrgraph index"):
        open_index(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        open_index(tmp_path / "absent")


def test_open_refuses_a_damaged_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    build_index([], folder)
    (folder / MANIFEST).write_text("{not json")
    with pytest.raises(InputError, match="not a csrgraph index manifest"):
        open_index(folder)


def test_open_refuses_an_index_of_another_bundled_graph(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    build_index([], folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["bundled_sha256"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(InputError, match="another version of the bundled graph; rebuild"):
        open_index(folder)


# ``csrgraph query --store-dir``: the same rows as a fresh parse of the same files


def canonical(csv_text: str) -> list[list[str]]:
    """Rows of CSV with aggregated lists ("a; b") sorted: GROUP_CONCAT order is the store's."""
    import csv
    import io

    return [
        ["; ".join(sorted(cell.split("; "))) for cell in row]
        for row in csv.reader(io.StringIO(csv_text))
    ]


@pytest.mark.parametrize("name", ["occupation", "pay-by-experience"])
def test_store_dir_gives_the_rows_of_a_fresh_parse(cli, index: Path, name: str) -> None:
    from_index = cli("query", name, "-f", "csv", "--store-dir", index)
    fresh = cli("query", name, "-f", "csv", "--data", SECOND)
    assert from_index.exit_code == fresh.exit_code == 0, from_index.stderr
    assert canonical(from_index.stdout) == canonical(fresh.stdout)
    assert len(from_index.stdout.splitlines()) >= 3  # header + both occupations


def test_store_dir_with_a_timeout_runs_in_the_child(index: Path) -> None:
    from csrgraph import run_query

    rows = run_query("pay-by-experience", store_dir=index, timeout=60).records()
    assert rows == run_query("pay-by-experience", data=[SECOND]).records()
    assert len(rows) >= 2


def test_store_dir_refuses_data_and_endpoint(cli, index: Path) -> None:
    result = cli("query", "occupation", "--store-dir", index, "--data", SECOND)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --store-dir cannot be used with --data")
    result = cli("query", "occupation", "--store-dir", index, "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 2


@pytest.mark.parametrize("timeout", [[], ["--timeout", "30"]], ids=["direct", "timeout"])
def test_store_dir_that_is_no_index_is_one_error_line(
    cli, tmp_path: Path, timeout: list[str]
) -> None:
    result = cli("query", "occupation", "--store-dir", tmp_path, *timeout)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {tmp_path}: not a csrgraph index")


def _full_disk(*args: object, **kwargs: object) -> None:
    """Stand in for a write on a full disk."""
    raise OSError(errno.ENOSPC, "No space left on device")


FULL_DISK_PLACES = ["store", "optimize", "manifest", "swap"]


@pytest.mark.parametrize("place", FULL_DISK_PLACES)
def test_a_full_disk_is_one_error_line_and_keeps_the_old_index(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: str
) -> None:
    assert len(FULL_DISK_PLACES) == 4
    import pyoxigraph as ox

    import csrgraph.graph.index

    folder = tmp_path / "idx"
    old = build_index([], folder)
    if place == "store":
        monkeypatch.setattr(ox, "Store", _full_disk)
    elif place == "optimize":
        real_store = ox.Store

        class FullStore:
            """A real store whose optimize() finds the disk full."""

            def __init__(self, path: str) -> None:
                self.store = real_store(path)

            def __getattr__(self, name: str) -> object:
                return getattr(self.store, name)

            def __len__(self) -> int:
                return len(self.store)

            def optimize(self) -> None:
                _full_disk()

        monkeypatch.setattr(ox, "Store", FullStore)
    elif place == "manifest":
        monkeypatch.setattr(Path, "write_text", _full_disk)
    else:
        monkeypatch.setattr(csrgraph.graph.index, "_swap", _full_disk)
    result = cli("index", "--store-dir", folder)
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {folder}: cannot build the index (No space left on device)\n"
    assert "Traceback" not in result.output
    assert leftovers(tmp_path) == []
    assert read_index(folder).triples == old.triples == len(open_index(folder))
