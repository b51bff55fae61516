"""A griffe extension for the API reference: a docstring's bare ``>>>`` example is code.

csrgraph's docstrings carry runnable doctests as plain paragraphs (pytest runs them); Markdown
would read ``[...]`` in them as links. This extension fences each run of ``>>>`` lines and their
output (up to a blank line) as ``pycon`` before the docstring is parsed. It only changes what
the documentation shows, never the source. Loaded by ``mkdocs.yml`` (mkdocstrings' options).
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    r"""Return ``text`` with every unindented ``>>>`` example and its output fenced.

    >>> fence_doctests("Sum.\n\n>>> 1 + 1\n2\n\nMore.").splitlines()
    ['Sum.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside and line.startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class FenceDoctests(griffe.Extension):
    """Fence the bare doctests of every docstring griffe reads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each object as it is created."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
