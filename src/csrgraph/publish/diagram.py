"""A picture of the model: classes and the properties between them, as Mermaid, DOT or SVG.

What each view pictures is computed by :mod:`csrgraph.publish.diagram_model` (its views are
:data:`~csrgraph.publish.diagram_model.VIEWS`); this module draws it and keeps a page's diagram
section in step. SVG needs Graphviz's ``dot`` on the PATH.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from csrgraph.errors import InputError, UsageError, not_one_of
from csrgraph.namespaces import DCTERMS, SKOS, compact
from csrgraph.publish.diagram_model import CSRO, PROV, SCHEMA, VIEWS, Model, build_model

README_START = "<!-- diagram -->"
README_END = "<!-- /diagram -->"
README_VIEWS = ("overview", "claims")


def _prefixed(iri: str) -> str:
    """Return a short name for an IRI of the namespaces the model uses.

    >>> _prefixed("https://schema.org/Occupation")
    'schema:Occupation'
    """
    prefixes = {"csro": CSRO, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS}
    return compact(iri, prefixes) or iri


def _name(model: Model, iri: str, lang: str | None) -> str:
    if lang and lang in model.labels.get(iri, {}):
        return model.labels[iri][lang]
    return _prefixed(iri)


def _node_id(iri: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in _prefixed(iri))


def to_mermaid(model: Model, lang: str | None = None) -> str:
    """Return the model as a Mermaid flowchart (GitHub renders it in Markdown).

    Property links are solid arrows labelled with the property; subclass links are dotted
    arrows labelled "is a". ``lang`` (``de``/``en``) shows labels instead of prefixed names.
    """
    lines = ["flowchart LR"]
    for cls in model.classes:
        shape = ('["', '"]') if cls.startswith(CSRO) else ('(["', '"])')
        lines.append(f"  {_node_id(cls)}{shape[0]}{_name(model, cls, lang)}{shape[1]}")
    is_a = {"de": "ist ein(e)", "en": "is a"}.get(lang or "en", "is a")
    for e in model.edges:
        if e.label:
            text = _name(model, e.label, lang)
            lines.append(f"  {_node_id(e.source)} -->|{text}| {_node_id(e.target)}")
        else:
            lines.append(f"  {_node_id(e.source)} -.->|{is_a}| {_node_id(e.target)}")
    return "\n".join(lines) + "\n"


def to_dot(model: Model, lang: str | None = None) -> str:
    """Return the model as a Graphviz DOT digraph (own classes filled, reused ones white)."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        f"digraph {quote(model.name)} {{",
        "  rankdir=LR;",
        f"  label={quote(model.title)}; labelloc=t; fontname=Helvetica;",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=11];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for cls in model.classes:
        fill = "#dbe9f6" if cls.startswith(CSRO) else "#ffffff"
        lines.append(
            f"  {quote(cls)} [label={quote(_name(model, cls, lang))}, fillcolor={quote(fill)}];"
        )
    for e in model.edges:
        if e.label:
            label = quote(_name(model, e.label, lang))
            lines.append(f"  {quote(e.source)} -> {quote(e.target)} [label={label}];")
        else:
            lines.append(
                f"  {quote(e.source)} -> {quote(e.target)} [arrowhead=empty, style=dashed];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(model: Model, lang: str | None = None) -> str:
    """Return the model as SVG, drawn by Graphviz's ``dot``.

    Raises:
        UsageError: ``dot`` is not installed (the message says how to get it or what to use).
        InputError: ``dot`` failed.

    """
    dot = shutil.which("dot")
    if dot is None:
        raise UsageError(
            "the svg format needs Graphviz's `dot` program on the PATH "
            "(e.g. apt-get install graphviz); or use -f dot or -f mermaid"
        )
    done = subprocess.run(
        [dot, "-Tsvg"], input=to_dot(model, lang).encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"dot failed: {message[0] if message else f'exit {done.returncode}'}")
    return done.stdout.decode("utf-8")


#: format name -> renderer; the CLI's ``-f`` choices come from these keys.
RENDERERS: dict[str, Callable[[Model, str | None], str]] = {
    "mermaid": to_mermaid,
    "dot": to_dot,
    "svg": to_svg,
}


def render(view: str = "overview", fmt: str = "mermaid", lang: str | None = None) -> str:
    """Return ``view`` drawn in ``fmt`` (``mermaid``, ``dot`` or ``svg``).

    Raises:
        UsageError: unknown view or format, or ``svg`` without Graphviz.

    >>> render("claims").startswith("flowchart LR")
    True

    """
    if fmt not in RENDERERS:
        raise not_one_of("fmt", fmt, RENDERERS)
    return RENDERERS[fmt](build_model(view), lang)


def readme_block(name: str = "docs/model.md") -> str:
    """Return the diagram section of the Markdown file ``name``, markers included.

    >>> "`csrgraph diagram --readme notes.md`" in readme_block("notes.md")
    True
    """
    parts = [
        README_START,
        "",
        f"The model, drawn from the ontology by `csrgraph diagram --readme {name}` (a test keeps "
        "it in step; "
        "`csrgraph diagram --view all -f svg` draws everything). Boxes are our classes, "
        "rounded ones reused from schema.org and PROV; dotted arrows are subclass links.",
    ]
    for view in README_VIEWS:
        parts += ["", f"**{VIEWS[view].title}** (`--view {view}`):", "", "```mermaid"]
        parts.append(render(view, "mermaid").rstrip("\n"))
        parts.append("```")
    parts += ["", README_END]
    return "\n".join(parts)


def update_readme(text: str, name: str = "README") -> str:
    """Return README text with its diagram section replaced; ``name`` names it in errors.

    The section runs from a ``<!-- diagram -->`` line to a ``<!-- /diagram -->`` line (see
    :func:`readme_section`); a file without both (in that order) is refused rather than
    appended to.

    >>> update_readme("# Title", "notes.md")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: notes.md: no diagram section: ...

    Raises:
        InputError: the markers are missing or out of order.

    """
    section = readme_section(text)
    if section is None:
        raise InputError(
            f"{name}: no diagram section: add the lines {README_START} and {README_END} "
            "where the diagram goes"
        )
    return text[: section[0]] + readme_block(name) + text[section[1] :]


def readme_section(text: str) -> tuple[int, int] | None:
    r"""Return where the diagram section of ``text`` starts and ends, or None if it has none.

    The markers count only on lines of their own, so prose that mentions them is not taken
    for the section.

    >>> readme_section("a\n<!-- diagram -->\nold\n<!-- /diagram -->\n")
    (2, 40)
    >>> readme_section("mentions <!-- diagram --> and <!-- /diagram --> inline") is None
    True
    """
    import re

    start = re.search(rf"(?m)^{re.escape(README_START)}[ \t]*$", text)
    if start is None:
        return None
    end = re.compile(rf"(?m)^{re.escape(README_END)}[ \t]*$").search(text, start.end())
    if end is None:
        return None
    return start.start(), end.start() + len(README_END)
