"""``csrgraph links``: the mappings to other classifications, and a check that they resolve."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from csrgraph.errors import CsrgraphError, InputError


class BrokenLinks(CsrgraphError):
    """At least one mapping target did not resolve (exit code 1)."""

    exit_code = 1


def _table(rows: Sequence[dict[str, str]], fields: Sequence[str]) -> str:
    """Render rows as an aligned text table, long cells cut to keep a line readable."""

    def cell(value: str) -> str:
        value = value.replace("\n", " ")
        return value if len(value) <= 60 else value[:59] + "…"

    cells = [[cell(row.get(f, "")) for f in fields] for row in rows]
    widths = [max([len(f), *(len(r[i]) for r in cells)]) for i, f in enumerate(fields)]
    lines = ["  ".join(f.ljust(w) for f, w in zip(fields, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def _tsv(rows: Sequence[dict[str, str]], fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(fields), delimiter="\t", lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _json(rows: Sequence[dict[str, str]], fields: Sequence[str]) -> str:
    return json.dumps([{f: row.get(f, "") for f in fields} for row in rows], indent=2) + "\n"


#: Row formats shared by the listing and the check; ``ttl`` is added for the listing.
ROW_FORMATS: dict[str, Callable[[Sequence[dict[str, str]], Sequence[str]], str]] = {
    "table": _table,
    "tsv": _tsv,
    "json": _json,
}
LIST_FORMATS = (*ROW_FORMATS, "ttl")


def _write(text: str, output: Path | None) -> None:
    """Write to stdout, or to ``output`` through a temporary file renamed on success."""
    if output is None:
        click.echo(text, nl=False)
        return
    directory = output.resolve().parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
    except OSError as err:
        raise InputError(f"cannot write {output}: {err.strerror or err}") from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("links")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(LIST_FORMATS),
    default=None,
    help="Output format (default: table on a terminal, tsv otherwise); ttl gives the "
    "mappings as RDF (SKOS mapping triples and schema.org category codes).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option(
    "--sssom",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
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
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="With --check: requests at once.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="S",
    help="With --check: seconds to wait for a connection and for each read.",
)
def links_command(
    fmt: str | None,
    output: Path | None,
    sssom: Path | None,
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
        fmt = "table" if output is None and sys.stdout.isatty() else "tsv"
    if base_url is not None and not check:
        raise click.UsageError("--base-url only applies with --check")
    if not check:
        if fmt == "ttl":
            _write(links.mappings_turtle(mapping_set), output)
        else:
            _write(ROW_FORMATS[fmt](links.mapping_rows(mapping_set), links.ROW_FIELDS), output)
        return
    if fmt == "ttl":
        raise click.UsageError("--check prints a status table: use -f table, tsv or json")
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
    _write(ROW_FORMATS[fmt](rows, links.STATUS_FIELDS), output)
    broken = [s.object_id for s in statuses if s.broken]
    if broken:
        raise BrokenLinks(f"{len(broken)} of {len(statuses)} links are broken: {', '.join(broken)}")
    click.echo(f"All {len(statuses)} links resolve.", err=True)
