"""The progress line of the long commands: on a terminal only, one line rewritten, then cleared."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from csrgraph.cli import progress as progress_module
from csrgraph.cli.progress import Status

SECOND = Path(__file__).parent / "fixtures" / "second-occupation.ttl"
#: One drawing of the line: a carriage return, then ``COMMAND: STEP (N s)``.
DRAWN = re.compile(r"\r([a-z]+): ([^\r]*?) \((\d+) s\) *")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make stderr look like a terminal to the progress line, which draws every step."""
    monkeypatch.setattr(progress_module, "on_terminal", lambda: True)
    monkeypatch.setattr(progress_module, "INTERVAL", 0.001)


def steps(stderr: str, command: str) -> list[str]:
    """Return the steps drawn for ``command``, checking the line is cleared at the end."""
    assert "\r" in stderr, repr(stderr[-40:])
    stderr = stderr[: stderr.rindex("\r") + 1]  # what follows is the command's own message
    cleared = stderr.rstrip("\r").rsplit("\r", 1)[-1]
    assert cleared.strip() == "" and cleared  # spaces over the last line, then \r
    drawn = DRAWN.findall(stderr)
    assert drawn and {c for c, _, _ in drawn} == {command}
    assert "\n" not in stderr  # one line, rewritten in place
    return [step for _, step, _ in drawn]


# (command arguments, the command's name, a step it must show)
CASES = [
    (["index", "--data", str(SECOND), "--store-dir", "{tmp}/idx"], "index", "loading"),
    (["validate"], "validate", "checking the shapes"),
    (["dist", "-o", "{tmp}/dist"], "dist", "writing"),
    (["site", "-o", "{tmp}/site"], "site", "writing the pages"),
]


@pytest.mark.parametrize(("args", "command", "step"), CASES, ids=[c[1] for c in CASES])
def test_a_terminal_sees_the_steps_and_a_pipe_or_quiet_sees_none(
    cli, terminal: None, tmp_path: Path, args: list[str], command: str, step: str
) -> None:
    filled = [a.format(tmp=tmp_path) for a in args]
    shown = cli(*filled)
    assert shown.exit_code == 0, shown.stderr
    # site says what it wrote on a line of its own, after the progress line is cleared
    drawn = shown.stderr[: shown.stderr.rindex("\r") + 1] if command == "site" else shown.stderr
    assert any(step in s for s in steps(drawn, command)), shown.stderr
    quiet = cli(*[a.format(tmp=tmp_path / "q") for a in args], "-q")
    assert quiet.exit_code == 0
    assert "\r" not in quiet.stderr
    assert shown.stdout.replace(str(tmp_path), "") == quiet.stdout.replace(str(tmp_path / "q"), "")


def test_the_commands_with_a_progress_line_are_counted() -> None:
    assert len(CASES) == 4


def test_piped_nothing_is_drawn(cli, tmp_path: Path) -> None:
    result = cli("index", "--data", SECOND, "--store-dir", tmp_path / "idx")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_steps_given_in_quick_succession_are_drawn_once(capsys: pytest.CaptureFixture) -> None:
    with Status("index", interval=30) as show:
        show("first")
        show("second")
        show("third")
    err = capsys.readouterr().err
    assert [step for _, step, _ in DRAWN.findall(err)] == ["first"]  # the rest: too soon


def test_a_long_step_keeps_its_seconds_counting(capsys: pytest.CaptureFixture) -> None:
    with Status("load", interval=0.05) as show:
        show("uploading")
        time.sleep(0.3)
    drawn = DRAWN.findall(capsys.readouterr().err)
    assert len(drawn) >= 3  # redrawn by the thread while the step lasted
    assert {step for _, step, _ in drawn} == {"uploading"}


def test_search_says_when_it_builds_its_index_and_only_then(
    cli, terminal: None, tmp_path: Path
) -> None:
    built = cli("index", "--data", SECOND, "--store-dir", tmp_path / "idx", "-q")
    assert built.exit_code == 0, built.stderr
    first = cli("search", "kundendienst", "--store-dir", tmp_path / "idx")
    assert first.exit_code == 0, first.stderr
    assert any("building the search index" in s for s in steps(first.stderr, "search"))
    again = cli("search", "kundendienst", "--store-dir", tmp_path / "idx")
    assert again.exit_code == 0 and "\r" not in again.stderr
    assert again.stdout == first.stdout
