"""The Python examples of README.md and of the docs/ pages run and print something."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
        for number, code in enumerate(blocks, 1):
            found.append((f"{page.relative_to(ROOT).as_posix()}#{number}", code))
    return found


EXAMPLES = _examples()


def test_the_readme_has_an_example() -> None:
    assert any(name.startswith("README.md#") for name, _ in EXAMPLES)
    assert len(EXAMPLES) >= 2  # the README's and the guide's


@pytest.mark.parametrize(("name", "code"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_example_runs_and_prints(name: str, code: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, name, "exec"), {"__name__": "__example__"})
    printed = out.getvalue()
    assert printed.strip(), f"{name} printed nothing"
    assert "Traceback" not in printed


def test_the_api_reference_fences_docstring_examples() -> None:
    """tools/griffe_doctest.py (loaded by mkdocs.yml) runs its own example."""
    import doctest
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "griffe_doctest", ROOT / "tools" / "griffe_doctest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    outcome = doctest.testmod(module)
    assert (outcome.attempted, outcome.failed) == (1, 0)
