"""The README and the code must not drift apart: test command, main command, help texts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from csrgraph.sparql import catalog

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _readme() -> str:
    if not README.is_file():  # pragma: no cover - tests run from a checkout
        pytest.fail(f"{README} is missing")
    return README.read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run extracts its command from the README; check it finds exactly the documented one."""
    text = _readme()
    block = text.split("<!-- test-command -->", 1)[1].split("<!-- /test-command -->", 1)[0]
    commands = [line for line in block.splitlines() if line.startswith("python3 ")]
    assert len(commands) == 1, block
    assert commands[0].endswith("pytest"), commands[0]
    extracted = subprocess.run(
        [
            "bash",
            "-c",
            "sed -n '/<!-- test-command -->/,/<!-- \\/test-command -->/p' README.md"
            " | grep -E '^python3 ' | head -n 1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted == commands[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    written = [line for line in ci.splitlines() if line.startswith("cmd=")]
    assert written == [f'cmd="{commands[0]}"'], written
    assert "README.md" in ci


def test_readme_opens_with_the_main_job_on_a_bundled_query() -> None:
    text = _readme()
    first = re.search(r"```sh\n(python3 .*)\n```", text)
    assert first is not None
    match = re.search(r"csrgraph query ([\w-]+)", first.group(1))
    assert match is not None, first.group(1)
    names = {query.name for query in catalog.list_queries()}
    assert match.group(1) in names


def test_every_command_has_a_help_text_with_an_example() -> None:
    """The generated CLI reference (docs/cli.md) shows each command's help: none may lack one."""
    import click

    from csrgraph.cli import COMMANDS, main

    assert len(COMMANDS) >= 10
    with click.Context(main, info_name="csrgraph") as root:
        names = main.list_commands(root)
        assert set(COMMANDS) <= set(names)
        for name in names:
            command = main.get_command(root, name)
            assert command is not None and command.help, f"`csrgraph {name}` has no help text"
            assert "Example" in command.help, f"`csrgraph {name} --help` shows no example"
            for sub in getattr(command, "commands", {}).values():
                assert sub.help, f"`csrgraph {name} {sub.name}` has no help text"


def test_readme_stays_a_front_page() -> None:
    text = _readme()
    assert len(text.splitlines()) < 200
    for page in re.findall(r"\(docs/([\w-]+\.md)\)", text):
        assert (ROOT / "docs" / page).is_file(), page
