"""Regenerate every generated file of the checkout, or list the ones that are out of date.

Usage::

    python tools/regenerate.py           # rewrite every generated file that is out of date
    python tools/regenerate.py --check   # list the out-of-date ones; exit 1 if there are any

One entry point for the files a library function computes from other files, so a drift test
names one command to fix it (tests/test_regenerate.py runs the check). Each artefact is
computed by the same library function as the user-facing command that also writes it:

- ``data/dataset.ttl``, the description's generated part: :func:`csrgraph.publish.describe.
  expected_text` (also ``csrgraph describe --write``);
- ``data/mappings.ttl``, the SSSOM mapping set as SKOS triples and category codes:
  :func:`csrgraph.links.mappings_turtle` (also ``csrgraph links -f ttl -o data/mappings.ttl``);
- ``data/onet-task-links.ttl``, the task mapping set as SKOS triples:
  :func:`csrgraph.links.task_links.task_links_turtle` (also ``python -m
  csrgraph.links.task_links``);
- ``docs/model.md``, the diagram section of the model page:
  :func:`csrgraph.publish.diagram.update_readme` (also ``csrgraph diagram --readme FILE``).

The CLI and API references are not here: mkdocs generates them from the code when the site is
built (``mkdocs build --strict``; docs/cli.md and docs/api.md hold only the directives).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Artefact:
    """A generated file: where it is, and the function that computes what it should hold."""

    path: Path
    expected: Callable[[], str]

    @property
    def name(self) -> str:
        """The path relative to the checkout, as messages show it."""
        return self.path.relative_to(ROOT).as_posix()

    def current(self) -> str | None:
        """Return the file's text now, or None if it is missing."""
        return self.path.read_text(encoding="utf-8") if self.path.is_file() else None

    def is_current(self) -> bool:
        """Return whether the file holds what the library computes."""
        return self.current() == self.expected()


def _dataset() -> str:
    from csrgraph.publish import describe

    return describe.expected_text(ROOT / "data" / describe.DESCRIPTION_FILE)


def _mappings() -> str:
    from csrgraph import links

    return links.mappings_turtle(links.read_mapping_set(ROOT / "data" / "csr.sssom.tsv"))


def _task_links() -> str:
    from csrgraph.links import task_links

    return task_links.task_links_turtle(ROOT / "data" / task_links.SSSOM_FILE)


def _model_page() -> str:
    from csrgraph.publish import diagram

    page = ROOT / "docs" / "model.md"
    return diagram.update_readme(page.read_text(encoding="utf-8"), "docs/model.md")


def artefacts() -> list[Artefact]:
    """Return every generated file of the checkout."""
    return [
        Artefact(ROOT / "data" / "dataset.ttl", _dataset),
        Artefact(ROOT / "data" / "mappings.ttl", _mappings),
        Artefact(ROOT / "data" / "onet-task-links.ttl", _task_links),
        Artefact(ROOT / "docs" / "model.md", _model_page),
    ]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the stale artefacts, or with ``--check`` list them; return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("Error: usage: python tools/regenerate.py [--check]", file=sys.stderr)
        return 2
    from csrgraph.errors import CsrgraphError
    from csrgraph.writing import atomic_write

    stale = []
    try:
        for artefact in artefacts():
            expected = artefact.expected()
            if artefact.current() == expected:
                continue
            stale.append(artefact.name)
            if not args:
                atomic_write(artefact.path, expected)
    except CsrgraphError as err:
        print(f"Error: {err}", file=sys.stderr)
        return err.exit_code
    if args:
        for name in stale:
            print(f"{name}: out of date", file=sys.stderr)
        if stale:
            print("Error: run `python tools/regenerate.py`", file=sys.stderr)
            return 1
        return 0
    for name in stale:
        print(f"{name}: updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
