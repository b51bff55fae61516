"""Files and folders under attack: index folders, links, signals, full and closed stdout."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csrgraph.graph.index import MANIFEST, build_index, read_index

ROOT = Path(__file__).resolve().parents[1]
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and devices")


def _csrgraph() -> list[str]:
    """The command line that runs csrgraph in a subprocess."""
    exe = Path(sys.executable).with_name("csrgraph")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from csrgraph.cli import main; main()"]


def _one_error(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# Index folders: recognised only by a manifest that verifies


def test_a_file_named_like_the_manifest_does_not_make_an_index(cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / MANIFEST).write_text("anything")
    (folder / "thesis.txt").write_text("years of work")
    result = cli("index", "--store-dir", folder)
    assert result.exit_code == 2
    assert "not a csrgraph index" in _one_error(result.stderr)
    assert _tree(folder) == [MANIFEST, "thesis.txt"]
    assert (folder / "thesis.txt").read_text() == "years of work"


def test_a_forged_manifest_over_other_files_is_refused(cli, tmp_path: Path) -> None:
    folder = tmp_path / "forged"
    build_index([], folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / "oxigraph" / "my-notes.txt").write_text("keep")  # not listed in the manifest
    result = cli("index", "--store-dir", folder)
    assert result.exit_code == 2
    assert "differs from what its manifest lists" in _one_error(result.stderr)
    assert (folder / "oxigraph" / "my-notes.txt").read_text() == "keep"
    manifest.pop("store")  # a manifest of the old form, which lists no store files
    manifest["format"] = 1
    (folder / MANIFEST).write_text(json.dumps(manifest))
    result = cli("index", "--store-dir", folder)
    assert result.exit_code == 2
    assert "lists no store files" in _one_error(result.stderr)
    assert (folder / "oxigraph" / "my-notes.txt").exists()


def test_a_verified_index_is_rebuilt_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    folder.mkdir()
    folder.chmod(0o750)
    inode = folder.stat().st_ino
    build_index([], folder)
    build_index([ROOT / "tests" / "fixtures" / "second-occupation.ttl"], folder)
    assert folder.stat().st_ino == inode  # the user's folder itself is never replaced
    assert oct(folder.stat().st_mode & 0o777) == "0o750"
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "oxigraph"]
    assert len(read_index(folder).files) == 1


def test_a_link_is_followed_and_stays_a_link(cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    for _ in range(2):  # a new index, then a rebuild
        result = cli("index", "--store-dir", link)
        assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert read_index(real).triples > 0


def test_store_dir_dot_is_the_current_folder(tmp_path: Path) -> None:
    for _ in range(2):
        done = subprocess.run(
            [*_csrgraph(), "index", "--store-dir", "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "oxigraph"]


def _as_other_user() -> list[str] | None:
    """A prefix that runs a command as an unprivileged user (root ignores permissions)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@posix
@pytest.mark.parametrize("case", ["unreadable", "read-only"])
def test_a_folder_without_permission_is_one_error_line(tmp_path: Path, case: str) -> None:
    prefix = _as_other_user()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be denied")
    tmp_path.chmod(0o777)
    folder = tmp_path / case
    folder.mkdir(mode=0o000 if case == "unreadable" else 0o555)
    folder.chmod(0o000 if case == "unreadable" else 0o555)
    commands = [["index", "--store-dir", str(folder)], ["docs", "-o", str(folder / "site")]]
    if case == "read-only":
        commands += [["index", "--store-dir", str(folder / "new")], ["dist", "-o", str(folder)]]
    for command in commands:
        done = subprocess.run(
            [*prefix, *_csrgraph(), *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "HOME": str(folder)},  # HOME and caches not writable either
        )
        if "needs pyLODE" in done.stderr:
            continue
        assert done.returncode == 2, (command, done.stderr)
        _one_error(done.stderr)
    folder.chmod(0o700)
    assert list(folder.iterdir()) == []


# stdout that fails


@posix
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command", [["export"], ["query", "pay-by-experience", "-f", "csv"], ["info"], ["--help"]]
)
def test_a_full_stdout_is_one_error_line(command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*_csrgraph(), *command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=300
        )
    assert done.returncode == 2
    assert _one_error(done.stderr) == "Error: stdout: cannot write (No space left on device)"


@posix
@pytest.mark.parametrize("command", [["info"], ["export"]])
def test_a_closed_stdout_is_one_error_line(command: list[str]) -> None:
    done = subprocess.run(
        [*_csrgraph(), *command],
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert _one_error(done.stderr) == "Error: stdout: cannot write (it is closed)"


# Signals while files are written: nothing left behind


@pytest.fixture(scope="session")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 300,000 triples of clones of the bundled data: seconds to load."""
    out = tmp_path_factory.mktemp("big") / "clones.nt"
    subprocess.run(
        [sys.executable, ROOT / "benchmarks" / "generate.py", "--triples", "300000", "-o", out],
        check=True,
        timeout=300,
    )
    return out


SIGNAL_CASES = [
    ("index", signal.SIGTERM),
    ("index", signal.SIGINT),
    ("export", signal.SIGTERM),
    ("dist", signal.SIGINT),
]


def _started(folder: Path, command: str) -> bool:
    """Tell whether the command has begun writing in ``folder``."""
    names = [p.name for p in folder.rglob("*")]
    if command == "index":
        return any(".building-" in n for n in names)
    if command == "export":
        return any(n.endswith(".tmp") for n in names)
    return (folder / "release").exists()


@posix
@pytest.mark.parametrize(("command", "signum"), SIGNAL_CASES)
def test_a_signal_while_writing_leaves_nothing(
    big_data: Path, tmp_path: Path, command: str, signum: int
) -> None:
    assert len(SIGNAL_CASES) == 4
    work = tmp_path / "work"
    work.mkdir()
    (work / "before.txt").write_text("here before")
    args = {
        "index": ["index", "--data", str(big_data), "--store-dir", str(work / "idx")],
        "export": ["export", "--data", str(big_data), "-f", "nt", "-o", str(work / "out.nt")],
        "dist": ["dist", "-o", str(work / "release")],
    }[command]
    process = subprocess.Popen(
        [*_csrgraph(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not _started(work, command) and process.poll() is None:
        assert time.monotonic() < deadline, "the command never began writing"
        time.sleep(0.002)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the command finished before the signal arrived")
    assert process.returncode in (-signum, 128 + signum), stderr
    assert "Traceback" not in stderr
    assert _tree(work) == ["before.txt"]
