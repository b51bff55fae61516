"""``csrgraph info`` and ``csrgraph explain``: what the graph holds, and where a fact came from.

The words of the output (the labels of ``info``, ``quote (de)`` and the like of ``explain``)
are chosen here, from the data; the registry of :mod:`csrgraph.formats` writes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from csrgraph.cli.common import (
    Command,
    data_option,
    default_format,
    format_option,
    label_language_option,
    lang_option,
    language_matches,
    missing_language,
    output_option,
    say,
    write_output,
)
from csrgraph.formats import Record, Report, Table, render, table_formats

if TYPE_CHECKING:
    from csrgraph.explore.diff import ReleaseDiff
    from csrgraph.explore.explain import Explanation

#: The formats of ``info`` and of ``explain`` (written by :data:`csrgraph.formats.REGISTRY`).
INFO_FORMATS = ("table", "json")
EXPLAIN_FORMATS = ("text", "json")

#: How ``info -f table`` names each detail.
INFO_LABELS = {
    "version": "package version",
    "ontology_version": "ontology version",
    "dataset_version": "dataset version",
    "licence": "licence",
    "source": "source",
    "triples": "triples",
    "classes": "classes in the ontology",
    "classes_used": "classes used",
    "instances": "typed resources",
    "facts": "facts (statements)",
    "languages": "languages",
}


def info_table(details: dict[str, Any]) -> Table:
    """Return the details of :func:`csrgraph.explore.info.info` as ``label  value`` rows.

    >>> from csrgraph.formats import render
    >>> print(render(info_table({"version": "1.0", "languages": ["de", "en"]}), "table")
    ...       .decode(), end="")
    package version  1.0
    languages        de, en
    """
    rows = [
        (
            INFO_LABELS.get(key, key),
            ", ".join(map(str, value)) if isinstance(value, list) else str(value),
        )
        for key, value in details.items()
    ]
    return Table(("detail", "value"), rows, data=details, header=False, count=False)


def _tagged(word: str, lang: str | None) -> str:
    """Return ``word (lang)``, or the bare word for a literal without a language tag.

    >>> _tagged("quote", "en"), _tagged("quote", None)
    ('quote (en)', 'quote')
    """
    return f"{word} ({lang})" if lang else word


def explain_report(explanations: list[Explanation]) -> Report:
    """Return explanations as records: the fact ID and statement, then labelled lines."""
    records = []
    for e in explanations:
        fields = [
            (label, value)
            for label, value in (
                (_tagged("quote", e.quote_lang), e.quote),
                (_tagged("rendering", e.rendering_lang), e.rendering),
                ("section", e.section),
                ("authority", e.authority),
                ("document", e.document),
            )
            if value
        ]
        fields += [
            ("modelled as", f"{label} <{iri}>" if label else f"<{iri}>") for iri, label in e.nodes
        ]
        records.append(Record(f"{e.fact_id}  <{e.statement}>", fields))
    return Report(records, data=[e.to_dict() for e in explanations], spaced=True)


@click.command("info", cls=Command)
@format_option(INFO_FORMATS, "Output format [default: table].")
@data_option
def info_command(fmt: str | None, data: tuple[str, ...]) -> None:
    """Show version, licence, source, counts and languages, computed from the graph.

    \b
    Example:
      csrgraph info -f json
    """
    from csrgraph.explore.info import info

    table = info_table(info(data))
    write_output(render(table, fmt or default_format(INFO_FORMATS)), None)


@click.command("explain", cls=Command)
@click.argument("target")
@lang_option
@format_option(EXPLAIN_FORMATS, "Output format [default: text].")
@data_option
def explain_command(target: str, lang: str, fmt: str | None, data: tuple[str, ...]) -> None:
    """Show the source statement behind a fact ID or a node.

    Prints the quote in the source's language, the English rendering, the section, the
    authority and the nodes modelled from the statement (each text labelled with its
    language tag).

    \b
    Examples:
      csrgraph explain F27
      csrgraph explain https://w3id.org/csrgraph/statement/F27 --lang de
    """
    from csrgraph.explore.explain import explain

    report = explain_report(explain(target, lang=lang, data=data))
    write_output(render(report, fmt or default_format(EXPLAIN_FORMATS)), None)


def diff_table(found: ReleaseDiff, counts: bool) -> Table:
    """Return a release diff as a table: every change, or (``counts``) the count per kind.

    >>> from csrgraph.explore.diff import diff_releases
    >>> d = diff_releases(["tests/fixtures/diff/old.ttl"], ["tests/fixtures/diff/new.ttl"])
    >>> print(render(diff_table(d, True), "md").decode(), end="")
    | change | count |
    |---|---|
    | added | 1 |
    | removed | 1 |
    | relabelled | 1 |
    | reparented | 1 |
    | relation added | 1 |
    | relation removed | 1 |
    """
    from csrgraph.explore.diff import COLUMNS

    if counts:
        numbers = found.counts()
        rows = [(kind, str(n)) for kind, n in numbers.items()]
        data = [{"change": kind, "count": n} for kind, n in numbers.items()]
        return Table(("change", "count"), rows, data=data)
    return Table(COLUMNS, found.rows())


@click.command("diff", cls=Command)
@click.option(
    "--old",
    "old",
    metavar="FILE",
    multiple=True,
    required=True,
    help="A file of the older release (as csrgraph import writes it). Repeatable.",
)
@click.option(
    "--new",
    "new",
    metavar="FILE",
    multiple=True,
    required=True,
    help="A file of the newer release. Repeatable.",
)
@click.option("--counts", is_flag=True, help="Print the number of changes of each kind only.")
@label_language_option
@format_option(table_formats(), "Output format [default: table on a terminal, else csv].")
@output_option
def diff_command(
    old: tuple[str, ...],
    new: tuple[str, ...],
    counts: bool,
    lang: str,
    fmt: str | None,
    output: str | None,
) -> None:
    """Show what changed between two releases of a vocabulary (SKOS concepts).

    Concepts added, removed, relabelled (skos:prefLabel, per language), reparented
    (skos:broader) and relations between concepts added and removed, one row each, sorted
    by kind and concept; --counts gives the number of each kind. Each release is read from
    its own files (Turtle, N-Triples, or the N-Quads and TriG of `csrgraph import -f nq`),
    so two releases never mix. The label column is in --lang, else another language.

    \b
    Example:
      csrgraph import esco esco-v1.1.0 -o old.nt
      csrgraph import esco esco-v1.1.1 -o new.nt
      csrgraph diff --old old.nt --new new.nt --counts
    """
    from csrgraph.explore.diff import diff_releases

    found = diff_releases(old, new, lang=lang)
    table = diff_table(found, counts)
    write_output(render(table, fmt or default_format(table_formats(), output)), output)
    tags = {
        tag for side in (found.old, found.new) for labels in side.labels.values() for tag in labels
    }
    if tags and not any(language_matches(tag, lang) for tag in tags):  # no label: no column
        say("Warning", missing_language(lang))
