"""The documentation site builds with warnings as errors, and its references are complete.

``mkdocs build --strict`` (mkdocs.yml): a broken link or anchor, a docstring mkdocstrings cannot
render or a command mkdocs-click cannot document fails the build. The CLI reference must name
every command and subcommand with each of its options, the API reference the public functions.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    # nothing may be fetched while building: a proxy that answers nothing (a loopback port)
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "NO_PROXY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


def _page(site: Path, name: str) -> str:
    return html.unescape((site / name / "index.html").read_text(encoding="utf-8"))


def _commands() -> list[tuple[str, click.Command]]:
    from csrgraph.cli import main

    found = []
    with click.Context(main, info_name="csrgraph") as root:
        for name in main.list_commands(root):
            command = main.get_command(root, name)
            assert command is not None
            found.append((name, command))
            for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
                found.append((f"{name} {sub_name}", sub))
    return found


COMMANDS = _commands()


def test_every_command_counted() -> None:
    from csrgraph.cli import COMMANDS as LAZY

    # 18 commands; `import` has onet, esco and crosswalk
    assert len(COMMANDS) == 21 and len(LAZY) == 18


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_cli_reference_documents_the_command(site: Path, name: str, command: click.Command) -> None:
    page = _page(site, "cli")
    anchor = "csrgraph-" + name.replace(" ", "-")
    assert f'id="{anchor}"' in page, f"the CLI reference has no section for `csrgraph {name}`"
    section = page.split(f'id="{anchor}"', 1)[1].split('id="csrgraph-', 1)[0]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert any(opt in section for opt in param.opts), f"{name}: {param.opts} missing"


def test_api_reference_names_the_public_functions(site: Path) -> None:
    page = _page(site, "api")
    for name in ("run_query", "load_graph", "validate", "explain", "list_queries"):
        assert f"csrgraph.{name}" in page or f"{name}(" in page, name
    assert "run_query" in page


def test_every_page_is_built(site: Path) -> None:
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")} - {"index"}
    assert len(pages) >= 12
    for name in pages:
        assert (site / name / "index.html").is_file(), name
