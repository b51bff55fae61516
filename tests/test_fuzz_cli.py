"""A fuzzer for every command: generated option values and file contents, four promises.

Each case runs one command (in-process through click's CliRunner, a sample as real
subprocesses too) in a fresh folder holding the files the case generated, and checks that
the command keeps the CLI's promises whatever it is given:

* the exit code is a documented one (0, 1 or 2), never a traceback;
* a failure is exactly one ``Error: ...`` line on stderr (``validate`` may exit 1 with its
  report instead); a success prints no ``Error:`` line;
* nothing is left in the folder but what the case asked for (``-o``, ``--store-dir``, ...):
  no temporary file, no half-written output after a failure, no file of the user's deleted.

Options are found by walking the click commands, so a new option fails the test until the
fuzzer knows how to fill it. No case reaches the network: ``--allow-network`` and
``links --check`` are never given, and every URL names 127.0.0.1 on a port this module
holds bound and never listens on. Cases come from one seeded generator, so CI is
reproducible: the seed is in every test id and failure message; run another with
``CSRGRAPH_FUZZ_SEED=N``, more or fewer cases with ``CSRGRAPH_FUZZ_SCALE=2``.

The cases come from tests/fuzzing.py. The failures it found when it was written (a huge
``--timeout``, a failed index build's folder, an empty ``-o`` for a folder) are fixed and kept as
named reproducers at the end of this file.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import socketserver
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fuzzing import Case, generate, mutated_folder

from csrgraph.cli import main

SEED = int(os.environ.get("CSRGRAPH_FUZZ_SEED", "18"))
SCALE = float(os.environ.get("CSRGRAPH_FUZZ_SCALE", "1"))

#: Cases per command, weighed by what a case costs (a success loads the whole graph).
CASES = {
    "describe": 30,
    "diagram": 40,
    "diff": 40,
    "dist": 12,
    "docs": 1,
    "explain": 300,
    "export": 150,
    "import crosswalk": 60,
    "import esco": 500,
    "import onet": 100,
    "index": 10,
    "info": 200,
    "links": 600,
    "load": 60,
    "queries": 60,
    "search": 150,
    "serve": 60,
    "site": 8,
    "query": 300,
    "validate": 20,
}


def commands() -> dict[str, click.Command]:
    """Every command of the CLI by its full name (``import onet``)."""
    ctx = click.Context(main)
    found: dict[str, click.Command] = {}

    def walk(command: click.Command, name: str) -> None:
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                walk(command.get_command(ctx, sub), f"{name} {sub}".strip())  # type: ignore[arg-type]
        else:
            found[name] = command

    walk(main, "")
    return found


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A loopback port bound by this module and never listened on: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


# ---------------------------------------------------------------------------------------
# Running a case and checking its promises
# ---------------------------------------------------------------------------------------


def files_in(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` (relative), with a file's bytes (None for a folder)."""
    return {
        str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
        if not p.is_symlink() or p.exists()
    }


def prepare(case: Case, root: Path, rng: random.Random) -> None:
    """Create the case's files and folders in ``root``."""
    for name, data in case.files.items():
        (root / name).write_bytes(data)
    for name, (source, hostile) in case.folders.items():
        mutated_folder(rng, root / name, source, hostile)


def broken_promises(
    case: Case, code: int, stdout: bytes, stderr: str, before: dict[str, bytes | None], root: Path
) -> list[str]:
    """Return how a finished case broke the CLI's promises (empty: it kept them all)."""
    problems = []
    if code not in (0, 1, 2):
        problems.append(f"exit code {code}")
    if "Traceback" in stderr:
        problems.append("a traceback on stderr")
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    report_only = case.command == "validate" and code == 1 and not errors and stdout
    if code != 0 and len(errors) != 1 and not report_only:
        problems.append(f"{len(errors)} Error: lines for exit code {code}")
    if code == 0 and errors:
        problems.append("an Error: line with exit code 0")
    after = files_in(root)

    def named(path: str) -> bool:
        return path.split("/")[0] in case.outputs

    for path, data in before.items():
        if path not in after and not named(path):
            problems.append(f"{path} was deleted")
        elif code != 0 and after.get(path) != data:
            problems.append(f"{path} was changed by a failed command")
    for path in after.keys() - before.keys():
        if code != 0 or not named(path):
            problems.append(f"{path} was left behind")
    return problems


def run_in_process(case: Case, root: Path) -> tuple[int, bytes, str, BaseException | None]:
    """Run ``case`` through CliRunner with ``root`` as the working folder."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, case.args, input=case.stdin)
    finally:
        os.chdir(cwd)
    crash = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.stdout_bytes, result.stderr, crash


def run_cases(
    name: str, tmp: Path, port: int, runner: Callable[..., tuple[int, bytes, str, object]]
) -> tuple[int, list[str]]:
    """Run every case of command ``name``; return how many ran and the broken promises."""
    command = commands()[name]
    rng = random.Random(f"{SEED}-{name}")
    count = max(1, round(CASES[name] * SCALE))
    failures: list[str] = []
    for number in range(count):
        case = generate(name, command, rng, port)
        root = tmp / f"case{number}"
        root.mkdir()
        prepare(case, root, rng)
        before = files_in(root)
        code, stdout, stderr, crash = runner(case, root)
        problems = broken_promises(case, code, stdout, stderr, before, root)
        if crash is not None:
            problems.append(f"{type(crash).__name__}: {crash}")
        if problems:
            failures.append(f"case {number}: {case.args!r}: {'; '.join(problems)}")
        shutil.rmtree(root, ignore_errors=True)
    return count, failures


def test_the_fuzzer_knows_every_command() -> None:
    assert sorted(commands()) == sorted(CASES)
    assert len(CASES) == 20
    print(f"fuzz seed {SEED} (CSRGRAPH_FUZZ_SEED), scale {SCALE}, {sum(CASES.values())} cases")


@pytest.fixture
def no_retry_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry a refused store connection at once: the pauses only cost wall-clock time."""
    monkeypatch.setattr("csrgraph.store.http.RETRY_DELAYS", (0.0, 0.0, 0.0), raising=False)


@pytest.fixture
def serve_stops_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` binds its port, then stops as on Ctrl-C instead of serving until stopped.

    Everything before serving (the folder, ``--host``, ``--port``, the bind) is fuzzed; the
    serving itself is tested in tests/test_site.py (negotiation, Ctrl-C in a real process).
    """

    def interrupted(self: object, poll_interval: float = 0.5) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(socketserver.BaseServer, "serve_forever", interrupted)


@pytest.mark.usefixtures("no_retry_pauses", "serve_stops_at_once")
@pytest.mark.parametrize("name", sorted(CASES), ids=lambda n: f"seed{SEED}-{n.replace(' ', '-')}")
def test_every_command_keeps_its_promises(name: str, tmp_path: Path, closed_port: int) -> None:
    count, failures = run_cases(name, tmp_path, closed_port, run_in_process)
    assert count >= 1
    assert not failures, (
        f"{len(failures)} of {count} cases (CSRGRAPH_FUZZ_SEED={SEED}) broke a promise:\n"
        + "\n".join(failures[:8])
    )


def run_subprocess(case: Case, root: Path) -> tuple[int, bytes, str, None]:
    """Run ``case`` as the installed command in a process of its own, in ``root``."""
    script = Path(sys.executable).with_name("csrgraph")
    start = [str(script)] if script.exists() else [sys.executable, "-c", CLI]
    done = subprocess.run(
        [*start, *case.args], cwd=root, input=case.stdin, capture_output=True, timeout=120
    )
    return done.returncode, done.stdout, done.stderr.decode(errors="replace"), None


CLI = "from csrgraph.cli import main; main()"


@pytest.mark.slow
def test_a_sample_keeps_its_promises_in_a_real_process(tmp_path: Path, closed_port: int) -> None:
    """The first case of every command, as a subprocess: the in-process runs are faithful.

    ``docs`` (seconds a run) is left to the in-process cases, and so is ``serve`` (a real
    process serves until stopped; tests/test_site.py stops one with Ctrl-C); exit codes are
    compared unless
    a ``--timeout`` could make the two runs end differently on a loaded machine.
    """
    failures = []
    for name, command in sorted(commands().items()):
        if name in ("docs", "serve"):
            continue
        case = generate(name, command, random.Random(f"{SEED}-{name}"), closed_port)
        codes = []
        for runner in (run_in_process, run_subprocess):
            root = tmp_path / f"{name}-{runner.__name__}"
            root.mkdir()
            prepare(case, root, random.Random(f"{SEED}-{name}-files"))
            before = files_in(root)
            code, stdout, stderr, _crash = runner(case, root)
            codes.append(code)
            problems = broken_promises(case, code, stdout, stderr, before, root)
            failures += [f"{runner.__name__} {case.args!r}: {p}" for p in problems]
        if codes[0] != codes[1] and "--timeout" not in case.args:
            failures.append(f"{case.args!r}: exit code {codes[0]} in process, {codes[1]} outside")
    assert len(commands()) == 20
    assert not failures, f"CSRGRAPH_FUZZ_SEED={SEED}:\n" + "\n".join(failures)


# ---------------------------------------------------------------------------------------
# Failures the fuzzer found, kept as reproducers (they are in the generator too)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["query", "-e", "ASK {}", "--timeout", "1e10"], id="query-timeout-1e10"),
    ],
)
def test_a_huge_timeout_is_one_error_line(
    args: list[str], tmp_path: Path, closed_port: int
) -> None:
    case = Case(args[0], [a.replace("{port}", str(closed_port)) for a in args])
    code, stdout, stderr, crash = run_in_process(case, tmp_path)
    assert crash is None and not broken_promises(case, code, stdout, stderr, {}, tmp_path)


def test_a_failed_index_leaves_no_folder(tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_bytes(b"@prefix : <x> . :a :b")
    case = Case("index", ["index", "--data", "bad.ttl", "--store-dir", "missing/ix"], {})
    case.outputs = {"missing"}
    code, stdout, stderr, _ = run_in_process(case, tmp_path)
    before = {"bad.ttl": b"@prefix : <x> . :a :b"}
    assert code == 2 and not broken_promises(case, code, stdout, stderr, before, tmp_path)


@pytest.mark.parametrize("name", ["dist", "docs"])
def test_an_empty_output_folder_is_refused(name: str, tmp_path: Path) -> None:
    if name == "docs":
        pytest.importorskip("pylode")
    case = Case(name, [name, "-o", ""])
    code, stdout, stderr, _ = run_in_process(case, tmp_path)
    assert code == 2 and not broken_promises(case, code, stdout, stderr, {}, tmp_path)
