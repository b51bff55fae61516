"""``csrgraph links``: the mappings to other classifications, and a check that they resolve."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from csrgraph.cli.common import (
    Command,
    StrictChoice,
    StrictFloatRange,
    StrictIntRange,
    default_format,
    output_option,
    raw_cells_option,
    rows_result,
    write_output,
)
from csrgraph.errors import BrokenLinks, UsageError
from csrgraph.formats import render, row_formats

#: Row formats of the listing and the check, written by :data:`csrgraph.formats.REGISTRY`
#: (its ``xml`` is left out: for links it would be ambiguous next to the RDF of ``ttl``).
ROW_FORMATS = tuple(name for name in row_formats() if name != "xml")
#: The listing also gives the mappings as RDF.
LIST_FORMATS = (*ROW_FORMATS, "ttl")
#: Columns holding IRIs (written as IRIs in json and tsv, bare in the other formats).
IRI_FIELDS = ("object_iri", "url")


#: Longest text cell of the ``table`` format (longer text is cut, so a row stays readable;
#: IRIs are kept whole).
TABLE_CELL = 60


def _cut(text: str) -> str:
    """Shorten a cell for the table.

    >>> _cut("x" * 61)[-2:]
    'x…'
    """
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"


def _rows(
    rows: Sequence[dict[str, str]], fields: Sequence[str], fmt: str, raw_cells: bool = False
) -> bytes:
    """Write rows of strings in the row format ``fmt`` of the registry (table text cut)."""
    if fmt == "table":
        rows = [
            {f: row.get(f, "") if f in IRI_FIELDS else _cut(row.get(f, "")) for f in fields}
            for row in rows
        ]
        return render(rows_result(rows, fields), fmt)
    return render(rows_result(rows, fields, IRI_FIELDS), fmt, raw_cells=raw_cells)


@click.command("links", cls=Command)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=StrictChoice(LIST_FORMATS),
    default=None,
    help="Output format (default: table on a terminal, csv otherwise, or the -o file's "
    "suffix); ttl gives the "
    "mappings as RDF (SKOS mapping triples and schema.org category codes).",
)
@raw_cells_option
@output_option
@click.option(
    "--sssom",
    metavar="FILE",
    help="Read this SSSOM TSV file instead of the bundled mapping set.",
)
@click.option("--check", is_flag=True, help="Dereference every target IRI and report its status.")
@click.option(
    "--base-url",
    metavar="URL",
    help="With --check: fetch every target from this server instead, the target's host "
    "as the first path segment (for mirrors and tests).",
)
@click.option(
    "--workers",
    type=StrictIntRange(1, 64),
    default=8,
    show_default=True,
    help="With --check: requests at once.",
)
@click.option(
    "--timeout",
    type=StrictFloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="S",
    help="With --check: seconds to wait for a connection and for each read.",
)
def links_command(
    fmt: str | None,
    raw_cells: bool,
    output: str | None,
    sssom: str | None,
    check: bool,
    base_url: str | None,
    workers: int,
    timeout: float,
) -> None:
    """List the mappings to SOC, O*NET-SOC, ISCO-08, ESCO and KldB, or check that they resolve.

    The mappings come from the bundled SSSOM file; each has a SKOS predicate and a comment
    that says why. With --check each target is fetched (HEAD, then GET with RDF content
    negotiation where RDF is served); the exit code is 1 if any link is broken.

    \b
    Examples:
      csrgraph links
      csrgraph links -f ttl -o data/mappings.ttl
      csrgraph links --check
    """
    from csrgraph import links

    mapping_set = links.ensure_valid(links.read_mapping_set(sssom))
    if fmt is None:
        fmt = default_format(ROW_FORMATS if check else LIST_FORMATS, output)
    if base_url is not None and not check:
        raise UsageError("--base-url only applies with --check")
    if not check:
        if fmt == "ttl":
            write_output(links.mappings_turtle(mapping_set), output)
        else:
            rows = links.mapping_rows(mapping_set)
            write_output(_rows(rows, links.ROW_FIELDS, fmt, raw_cells), output)
        return
    if fmt == "ttl":
        raise UsageError(f"--check prints a status table: use -f {', '.join(ROW_FORMATS)}")
    targets = len({m.object_id for m in mapping_set.mappings})
    with click.progressbar(
        length=targets,
        label="Checking links",
        file=sys.stderr,
        hidden=not sys.stderr.isatty(),
    ) as bar:
        statuses = links.check_links(
            mapping_set,
            base_url=base_url,
            workers=workers,
            timeout=timeout,
            on_result=lambda _status: bar.update(1),
        )
    rows = [s.as_row() for s in statuses]
    write_output(_rows(rows, links.STATUS_FIELDS, fmt, raw_cells), output)
    broken = [s.object_id for s in statuses if s.broken]
    if broken:
        raise BrokenLinks(f"{len(broken)} of {len(statuses)} links are broken: {', '.join(broken)}")
    click.echo(f"All {len(statuses)} links resolve.", err=True)
