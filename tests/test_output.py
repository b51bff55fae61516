"""Output files: one atomic writer (csrgraph.writing) behind every ``-o``; one Error line each.

Never run against real /dev nodes: special files are stood in for by a FIFO in tmp_path.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import csrgraph.writing
from csrgraph.errors import InputError
from csrgraph.writing import atomic_write, atomic_write_many

SRC = Path(csrgraph.writing.__file__).resolve().parent


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_no_other_writer_renames_temporary_files() -> None:
    """The five writers that used mkstemp + rename now all go through csrgraph.writing."""
    sources = sorted(SRC.rglob("*.py"))
    assert len(sources) >= 20
    offenders = [
        str(path.relative_to(SRC))
        for path in sources
        if path.name != "writing.py"
        and any(
            word in path.read_text("utf-8")
            for word in ("tempfile.mkstemp", "os.replace(", "TemporaryDirectory(")
        )
    ]
    # graph/index.py and store/load.py build whole folders (an on-disk store), not output files
    allowed = {"graph/index.py", "graph/index_folder.py", "store/load.py", "cli/store.py"}
    allowed.add("graph/isolated.py")  # the parse child's N-Triples hand-over, not an output
    # a SQLite search index built beside an index and renamed into place (a database, which
    # SQLite writes itself, not an output file)
    allowed |= {"search/index.py", "search/api.py"}
    # a whole site folder built in a temporary folder and swapped in; its search index file
    allowed |= {"site/build.py", "site/folder.py", "site/finder.py"}
    allowed.add("validation/jena.py")  # Jena's inputs in a temporary folder, no output
    allowed.add("store/counting.py")  # its doctest's temporary folder, no output
    assert set(offenders) <= allowed, offenders


# -- modes --------------------------------------------------------------------------------------

WRITERS = {
    "links": ["links", "-f", "ttl", "-o", "{out}"],
    "export": ["export", "-o", "{out}"],
    "diagram": ["diagram", "-o", "{out}"],
    "validate": ["validate", "-o", "{out}"],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_new_file_gets_0666_less_umask(cli, tmp_path: Path, umask_022: None, command: str) -> None:
    assert len(WRITERS) == 4
    out = tmp_path / "out.txt"
    result = cli(*(a.replace("{out}", str(out)) for a in WRITERS[command]))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_api_new_file_mode(tmp_path: Path, umask_022: None) -> None:
    atomic_write(tmp_path / "a", b"x")
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o644
    os.umask(0o077)
    atomic_write(tmp_path / "b", b"x")
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == 0o600


def test_replaced_file_keeps_its_mode(cli, tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "m.ttl"
    out.write_text("old\n")
    out.chmod(0o640)
    result = cli("links", "-f", "ttl", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# Generated from")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# -- links and special files ----------------------------------------------------------------------


def test_symlink_stays_a_link_and_its_target_is_written(cli, tmp_path: Path) -> None:
    real = tmp_path / "real" / "rows.ttl"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    result = cli("links", "-f", "ttl", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text("utf-8").startswith("# Generated from")
    assert sorted(p.name for p in real.parent.iterdir()) == ["rows.ttl"]


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "new")
    atomic_write(link, "x")
    assert link.is_symlink() and (tmp_path / "new").read_text() == "x"


def test_fifo_is_written_to_not_replaced(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = cli("links", "-f", "ttl", "-o", fifo)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    assert received and received[0].startswith(b"# Generated from")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_special_file_write_failure_is_one_error(cli, tmp_path: Path, monkeypatch) -> None:
    """A device that refuses the bytes (like /dev/full) gives one Error line, no new file."""
    fifo = tmp_path / "full"
    os.mkfifo(fifo)

    def refuse(path: Path, data: bytes, name: str) -> None:
        raise InputError(f"{name}: cannot write (No space left on device)")

    monkeypatch.setattr(csrgraph.writing, "_write_special", refuse)
    result = cli("links", "-f", "ttl", "-o", fifo)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {fifo}: cannot write (No space left on device)\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# -- failures -----------------------------------------------------------------------------------


def test_failed_rename_leaves_the_old_file_and_no_temporary(
    cli, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "m.ttl"
    out.write_text("old\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(csrgraph.writing.os, "replace", broken_replace)
    result = cli("links", "-f", "ttl", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: cannot write (Input/output error)\n"
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.ttl"]


def test_interrupted_write_leaves_no_temporary(tmp_path: Path, monkeypatch) -> None:
    def interrupted(fd: int, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(csrgraph.writing, "_write_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "a.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_many_files_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("old a")
    (tmp_path / "in-the-way").mkdir()
    with pytest.raises(InputError, match="in-the-way: cannot write \\(is a folder, not a file\\)"):
        atomic_write_many([(tmp_path / "a", "new a"), (tmp_path / "in-the-way", "b")])
    assert (tmp_path / "a").read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "in-the-way"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("{tmp}/no/such/dir/out.ttl", "No such file or directory"),
        ("{tmp}/a-file/out.ttl", "Not a directory"),
        ("{tmp}", "is a folder, not a file"),
    ],
    ids=["missing-folder", "file-as-folder", "folder-as-file"],
)
def test_unwritable_target_is_one_error_line(cli, tmp_path: Path, target: str, reason: str) -> None:
    (tmp_path / "a-file").write_text("x")
    path = target.replace("{tmp}", str(tmp_path))
    result = cli("links", "-f", "ttl", "-o", path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: cannot write ({reason})\n"
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_permission_denied_is_one_error_line(cli, tmp_path: Path, monkeypatch) -> None:
    """A folder the user may not write to (simulated: the tests may run as root)."""

    def denied(folder: Path, base: str) -> tuple[int, Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(csrgraph.writing, "_open_temporary", denied)
    out = tmp_path / "out.mmd"
    result = cli("diagram", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: cannot write (Permission denied)\n"
    assert list(tmp_path.iterdir()) == []


# -- bad values of the links and publishing commands -----------------------------------------------

BAD_VALUES = [
    (["links", "--sssom", "{tmp}/nosuch.tsv"], "nosuch.tsv: no such file"),
    (["links", "-o", "{tmp}"], "cannot write (is a folder, not a file)"),
    (["links", "-f", "csv-ish"], "--format: 'csv-ish' is not one of"),
    (["diagram", "-f", "png"], "--format: 'png' is not one of: mermaid, dot, svg"),
    (["diagram", "--view", "nosuch"], "--view: 'nosuch' is not one of: overview, claims"),
    (["diagram", "--lang", "fr"], "--lang: 'fr' is not one of: de, en"),
    (["dist", "-o", "{tmp}/existing"], "existing: cannot write (not a folder)"),
    (["docs", "-o", "{tmp}/existing"], "existing: cannot write (not a folder)"),
    (["diagram", "--readme", "{tmp}/nosuch.md"], "nosuch.md: no such file"),
]


@pytest.mark.parametrize(
    ("args", "message"),
    BAD_VALUES,
    ids=[f"{a[0]}-{a[1].lstrip('-')}-{i}" for i, (a, _) in enumerate(BAD_VALUES)],
)
def test_bad_value_is_one_error_line(cli, tmp_path: Path, args: list[str], message: str) -> None:
    assert len(BAD_VALUES) >= 9
    (tmp_path / "existing").write_text("keep\n")
    result = cli(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and message in lines[0], lines[0]
    assert "Usage:" not in result.output
    assert (tmp_path / "existing").read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing"]
