"""``csrgraph index --add FILE``: files added to an index without re-parsing what it holds."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from external import need
from importer_fixtures import imported_ntriples

from csrgraph import run_query
from csrgraph.errors import InputError
from csrgraph.graph.index import MANIFEST, build_index, open_index, read_index
from csrgraph.graph.index_add import add_to_index
from csrgraph.graph.load import load_store
from csrgraph.importers import write_import

CROSSWALKS = Path(__file__).parents[1].parent / "shared" / "external" / "crosswalks"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (names starting with a dot too) with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The importers' output on their test fixtures: O*NET, ESCO and the crosswalks."""
    folder = tmp_path_factory.mktemp("imports")
    files = {}
    for source in ("onet", "esco", "crosswalk"):
        files[source] = folder / f"{source}.nt"
        files[source].write_bytes(imported_ntriples(source))
    return files


@pytest.fixture(scope="module")
def whole_crosswalk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The import of the whole crosswalk releases (39k triples)."""
    need(f"the crosswalks ({CROSSWALKS})", CROSSWALKS.is_dir(), "see ../shared/external/README.md")
    out = tmp_path_factory.mktemp("crosswalk") / "crosswalk.nt"
    write_import("crosswalk", CROSSWALKS, out, "nt")
    return out


@pytest.fixture
def sample_index(tmp_path: Path, imports: dict[str, Path]) -> Path:
    """A fresh index of the sample O*NET and ESCO imports."""
    folder = tmp_path / "idx"
    build_index([imports["onet"], imports["esco"]], folder)
    return folder


def test_an_added_file_is_queried_as_a_fresh_load(
    sample_index: Path, imports: dict[str, Path]
) -> None:
    info = add_to_index([imports["crosswalk"]], sample_index)
    every = [imports["onet"], imports["esco"], imports["crosswalk"]]
    assert info.triples == len(open_index(sample_index)) == len(load_store(every))
    assert [f.path for f in read_index(sample_index).files] == [str(p) for p in every]
    added = info.files[-1]
    assert added.sha256 == hashlib.sha256(imports["crosswalk"].read_bytes()).hexdigest()
    assert added.triples is not None and added.triples > 100 and added.added
    name = "esco-occupations-for-onet"
    fresh = run_query(name, data=every).records()
    assert fresh  # the rows compared are there
    assert run_query(name, store_dir=sample_index).records() == fresh


@pytest.mark.external
def test_the_whole_crosswalk_is_added_to_an_index_of_sample_imports(
    sample_index: Path, imports: dict[str, Path], whole_crosswalk: Path
) -> None:
    before = read_index(sample_index).triples
    info = add_to_index([whole_crosswalk], sample_index)
    assert info.files[-1].triples == info.triples - before > 30_000
    every = [imports["onet"], imports["esco"], whole_crosswalk]
    assert len(open_index(sample_index)) == len(load_store(every)) == info.triples


def test_the_same_bytes_again_are_refused_with_one_line(
    cli, sample_index: Path, imports: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "renamed.nt"
    shutil.copy(imports["onet"], copy)
    before = snapshot(sample_index)
    result = cli("index", "--add", copy, "--store-dir", sample_index)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {copy}: already in the index {sample_index} (as {imports['onet']}, the same "
        "SHA-256); nothing was added"
    ]
    assert snapshot(sample_index) == before
    result = cli(
        "index", "--add", imports["crosswalk"], "--add", imports["crosswalk"],
        "--store-dir", sample_index,
    )  # fmt: skip
    assert result.exit_code == 2 and "already in the index" in result.stderr
    assert snapshot(sample_index) == before


def test_a_failure_midway_leaves_the_index_exactly_as_it_was(
    sample_index: Path, imports: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    before = snapshot(sample_index)
    with pytest.raises(InputError, match=r"broken\.ttl"):
        add_to_index([imports["crosswalk"], broken], sample_index)  # the first one loaded
    assert snapshot(sample_index) == before
    assert sorted(p.name for p in sample_index.iterdir()) == [MANIFEST, "oxigraph"]


def test_a_full_disk_in_a_late_step_leaves_the_index_as_it_was(
    sample_index: Path, imports: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> int:
        raise OSError(28, "No space left on device")

    before = snapshot(sample_index)
    monkeypatch.setattr("csrgraph.graph.index_add.store_listing", full)
    with pytest.raises(InputError, match=r"cannot add to the index \(No space left on device"):
        add_to_index([imports["crosswalk"]], sample_index)
    assert snapshot(sample_index) == before
    assert len(open_index(sample_index)) == read_index(sample_index).triples


def test_add_needs_an_index_and_not_data_too(cli, tmp_path: Path, imports: dict[str, Path]) -> None:
    result = cli("index", "--add", imports["crosswalk"], "--store-dir", tmp_path / "none")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "no index to add to" in result.stderr
    assert not (tmp_path / "none").exists()
    both = cli(
        "index", "--data", imports["onet"], "--add", imports["esco"], "--store-dir", tmp_path
    )
    assert both.exit_code == 2 and "not both" in both.stderr


def test_the_json_report_is_the_new_manifest(
    cli, sample_index: Path, imports: dict[str, Path]
) -> None:
    result = cli("index", "--add", imports["crosswalk"], "--store-dir", sample_index, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads((sample_index / MANIFEST).read_text())
    assert result.stderr == ""  # not a terminal: no progress line


def test_the_build_names_each_file_it_loads(tmp_path: Path, imports: dict[str, Path]) -> None:
    steps: list[str] = []
    build_index([imports["onet"], imports["esco"]], tmp_path / "idx", steps.append)
    add_to_index([imports["crosswalk"]], tmp_path / "idx", steps.append)
    loading = [step for step in steps if step.startswith("loading")]
    assert loading[:3] == [
        "loading the bundled graph",
        f"loading {imports['onet']} (file 1 of 2)",
        f"loading {imports['esco']} (file 2 of 2)",
    ]
    assert loading[3:] == [f"loading {imports['crosswalk']} (file 1 of 1)"]
    assert "compacting the store" in steps


def _one_error(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    return lines[0]


def test_an_interrupted_build_is_named_and_kept(
    cli, sample_index: Path, imports: dict[str, Path]
) -> None:
    leftover = sample_index / ".building-k1ll3d"
    leftover.mkdir()
    before = snapshot(sample_index)
    added = cli("index", "--add", imports["crosswalk"], "--store-dir", sample_index)
    rebuilt = cli("index", "--data", imports["crosswalk"], "--store-dir", sample_index)
    for result in (added, rebuilt):
        assert result.exit_code == 2
        assert _one_error(result.stderr) == (
            "Error: an index build or add was interrupted (or is running): "
            f"{leftover}; remove it if no csrgraph is running"
        )
    assert leftover.is_dir() and snapshot(sample_index) == before  # another may be running


def test_an_add_of_no_triples_is_refused(cli, sample_index: Path) -> None:
    before = snapshot(sample_index)
    result = cli("index", "--add", "-", "--store-dir", sample_index, input=b"")
    assert result.exit_code == 2
    assert "add no triples the index does not hold (<stdin>); nothing was added" in _one_error(
        result.stderr
    )
    assert snapshot(sample_index) == before  # no <stdin> entry in the manifest


def test_an_add_to_a_folder_that_is_no_index_says_so(
    cli, tmp_path: Path, imports: dict[str, Path]
) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = cli("index", "--add", imports["crosswalk"], "--store-dir", tmp_path)
    assert result.exit_code == 2
    line = _one_error(result.stderr)
    assert line.startswith(f"Error: {tmp_path}: holds no index to add to")
    assert "csrgraph index --data" in line and "choose a new or empty folder" not in line
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
