"""The model diagram: views stay small, the section writer keeps its markers, SVG needs dot.

The copy in docs/model.md is kept in step by tools/regenerate.py (tests/test_regenerate.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from csrgraph.publish import diagram, diagram_model


def test_views_registry() -> None:
    assert len(diagram_model.VIEWS) == 4
    assert len(diagram.RENDERERS) == 3


def test_cli_choices_equal_the_registries() -> None:
    """cli/publish.py copies the keys (so --help needn't import rdflib); they must not drift."""
    from csrgraph.cli import publish

    assert tuple(diagram_model.VIEWS) == publish.DIAGRAM_VIEWS
    assert tuple(diagram.RENDERERS) == publish.DIAGRAM_FORMATS


@pytest.mark.parametrize("view", [v for v in diagram_model.VIEWS if v != "all"])
def test_views_stay_readable(view: str) -> None:
    model = diagram_model.build_model(view)
    assert 4 <= len(model.classes) <= 16, model.classes
    ids = {diagram._node_id(c) for c in model.classes}
    assert len(ids) == len(model.classes)


def test_overview_shows_the_occupation_and_provenance() -> None:
    text = diagram.render("overview")
    assert "schema_Occupation -->|csro:hasClaim| csro_Claim" in text
    assert "csro_Claim -->|prov:wasDerivedFrom| csro_Statement" in text
    assert "csro_Statement -->|prov:wasQuotedFrom| csro_SourceDocument" in text


def test_claims_view_has_every_claim_subclass() -> None:
    model = diagram_model.build_model("claims")
    subclass_links = [e for e in model.edges if e.label == ""]
    assert len(subclass_links) == len(model.classes) - 1 >= 10


def test_labels_in_german() -> None:
    text = diagram.render("overview", "mermaid", "de")
    assert '["Sachaussage"]' in text and "|hat Sachaussage|" in text


def test_dot_output() -> None:
    text = diagram.render("claims", "dot")
    assert text.startswith('digraph "claims" {')
    assert "arrowhead=empty" in text and text.rstrip().endswith("}")


def test_svg_without_graphviz_is_one_error_line(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "model.svg"
    result = cli("diagram", "-f", "svg", "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the svg format needs Graphviz's `dot`")
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_svg_goes_through_dot(cli, monkeypatch, tmp_path: Path) -> None:
    # A stand-in for Graphviz: proves the DOT text reaches `dot -Tsvg` and its output is kept.
    fake = tmp_path / "dot"
    fake.write_text('#!/bin/sh\n[ "$1" = "-Tsvg" ] || exit 3\necho "<svg>$(wc -l)</svg>"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    result = cli("diagram", "-f", "svg", "--view", "claims")
    assert result.exit_code == 0, result.stderr
    lines = diagram.render("claims", "dot").count("\n")
    assert result.stdout.strip() == f"<svg>{lines}</svg>"


def test_readme_option_rewrites_only_the_block(cli, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{diagram.README_START}\nold\n{diagram.README_END}\n\nafter\n")
    assert cli("diagram", "--readme", readme).exit_code == 0
    text = readme.read_text()
    assert text.startswith("# x\n\n") and text.endswith("\n\nafter\n")
    assert "old" not in text and diagram.readme_block(str(readme)) in text


MARKERLESS = [
    ("README.md", "# x\n\nno section here\n"),
    ("data.ttl", "<urn:x:a> <urn:x:b> <urn:x:c> .\n"),
    ("only-end.md", f"# x\n{diagram.README_END}\n{diagram.README_START}\n"),
    ("inline.md", f"# x\nuse {diagram.README_START} and {diagram.README_END}\n"),
]


@pytest.mark.parametrize(("name", "text"), MARKERLESS, ids=[m[0] for m in MARKERLESS])
def test_readme_option_refuses_a_file_without_the_markers(
    cli, tmp_path: Path, name: str, text: str
) -> None:
    assert len(MARKERLESS) == 4
    target = tmp_path / name
    target.write_text(text)
    result = cli("diagram", "--readme", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {target}: no diagram section: add the lines {diagram.README_START} and "
        f"{diagram.README_END} where the diagram goes\n"
    )
    assert result.stdout == "" and target.read_text() == text
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_readme_option_help_names_the_markers(cli) -> None:
    text = " ".join(cli("diagram", "--help").stdout.split())
    assert f"{diagram.README_START} and {diagram.README_END}" in text
