"""``csrgraph import SOURCE``: convert another occupation dataset's download into RDF.

One subcommand per source (:data:`csrgraph.importers.IMPORTERS`); each parses its options
and hands them to :func:`run`, the same for every source: the library's
:func:`csrgraph.importers.write_import` streams the triples to ``-o FILE`` (or stdout) all or
nothing, and the report's warnings go to stderr. The output options are defined once here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from csrgraph.cli.common import Command, StrictChoice, output_option

F = TypeVar("F", bound=Callable[..., Any])

#: Copy of the keys of csrgraph.importers.output.FORMATS, so that --help imports nothing
#: heavy; tests/test_import_onet.py fails when they drift apart.
IMPORT_FORMATS = ("ttl", "nt")


def import_output_options(func: F) -> F:
    """Add ``-o/--output FILE``, ``-f/--format ttl|nt`` (default: the suffix, else ttl), ``-q``."""
    func = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress bars and no summary on stderr (warnings and errors still show). "
        "Bars show only on a terminal.",
    )(func)
    func = click.option(
        "-f",
        "--format",
        "fmt",
        type=StrictChoice(list(IMPORT_FORMATS)),
        default=None,
        help="Output format [default: from the -o suffix, else ttl].",
    )(func)
    return output_option(func)


def output_format(fmt: str | None, output: str | None) -> str:
    """Return the chosen format: ``-f``, else the output file's suffix, else ``ttl``."""
    from csrgraph.cli.common import suffix_format

    return fmt or suffix_format(output, IMPORT_FORMATS) or "ttl"


def warn(message: str | None) -> None:
    """Print ``Warning: MESSAGE`` on stderr when there is a message."""
    if message:
        click.echo(f"Warning: {message}", err=True)


def run(
    source: str,
    location: Any,
    output: str | None,
    fmt: str | None,
    quiet: bool = False,
    **options: Any,
) -> None:
    """Write the import of ``source`` from ``location``; print the report's warnings.

    Unless ``quiet``: a progress bar per file on a terminal, and the report's summary (files,
    rows read and skipped with the reason, columns not imported, triples) with the elapsed
    time on stderr at the end.
    """
    from time import perf_counter

    from csrgraph.importers import write_import
    from csrgraph.importers.progress import progress_bars

    started = perf_counter()
    report = write_import(
        source,
        location,
        output,
        output_format(fmt, output),
        progress=progress_bars(quiet),
        **options,
    )
    if not quiet:
        elapsed = f"  elapsed: {perf_counter() - started:.1f} s"
        click.echo(f"{report.summary(warnings=False)}\n{elapsed}", err=True)
    for message in report.warnings:
        warn(message)


@click.group("import")
def import_group() -> None:
    """Convert another occupation dataset's download (O*NET, ...) into csrgraph RDF.

    The output goes beside the bundled graph: give it to any command with --data, or
    build an index of it once with `csrgraph index --data FILE --store-dir DIR`.

    \b
    Example:
      csrgraph import onet ~/Downloads/db_29_2_text -o onet.nt
      csrgraph query tasks --data onet.nt -p occupation_iri=https://w3id.org/csrgraph/onet/occupation/43-4051.00
    """


@import_group.command("onet", cls=Command)
@click.argument("folder", type=click.Path(file_okay=False, dir_okay=True))
@import_output_options
@click.option(
    "--occupation",
    "occupations",
    metavar="CODE",
    multiple=True,
    help="Import only this O*NET-SOC code (NN-NNNN.NN). Repeatable [default: all].",
)
@click.option(
    "--release",
    "version",
    default="29.2",
    show_default=True,
    metavar="VERSION",
    help="The O*NET database version of the files.",
)
@click.option(
    "--release-date",
    "issued",
    default="2025-02",
    show_default=True,
    metavar="YYYY-MM",
    help="When that version was published (YYYY-MM or YYYY-MM-DD).",
)
def onet_command(
    folder: str,
    output: str | None,
    fmt: str | None,
    occupations: tuple[str, ...],
    version: str,
    issued: str,
    quiet: bool,
) -> None:
    """Import the O*NET database's text files (Occupation Data.txt and what is beside it).

    Reads Occupation Data.txt (required) and, when present, Task Statements.txt, Alternate
    Titles.txt, Sample of Reported Titles.txt, Job Zones.txt, Education, Training, and
    Experience.txt (with its Categories file) and Related Occupations.txt; other files are
    ignored. The summary on stderr lists the columns not imported. Rows of those
    files whose code is not in Occupation Data.txt are skipped and counted in one warning.
    The output carries O*NET's CC BY 4.0 attribution.

    \b
    Example:
      csrgraph import onet db_29_2_text --occupation 43-4051.00 -o csr-onet.ttl
    """
    run(
        "onet",
        folder,
        output,
        fmt,
        quiet,
        occupations=occupations,
        version=version,
        issued=issued,
    )


@import_group.command("esco", cls=Command)
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@import_output_options
@click.option(
    "--concept",
    "concepts",
    metavar="IRI",
    multiple=True,
    help="Import only this ESCO concept and what it needs (its broader concepts up to the ISCO "
    "major group, and an occupation's skills). Repeatable [default: all].",
)
@click.option(
    "--release",
    "version",
    default=None,
    metavar="VERSION",
    help="The ESCO version of the files, e.g. 1.2.0 [default: from a folder name, else "
    "1.2.0, with a warning].",
)
@click.option(
    "--release-date",
    "issued",
    default=None,
    metavar="YYYY-MM",
    help="When that version was published [default: known for 1.2.0, May 2024].",
)
def esco_command(
    folders: tuple[str, ...],
    output: str | None,
    fmt: str | None,
    concepts: tuple[str, ...],
    version: str | None,
    issued: str | None,
    quiet: bool,
) -> None:
    """Import ESCO's CSV download (occupations, ISCO groups, skills and their relations).

    Reads occupations_xx.csv (required) and, when present, ISCOGroups_xx.csv,
    skills_xx.csv, broaderRelationsOccPillar_xx.csv, occupationSkillRelations_xx.csv and
    conceptSchemes_xx.csv from each FOLDER (xx: the language). Several languages merge into
    one concept with a label per language. The output is in ESCO's own model and IRIs and
    carries ESCO's attribution.

    \b
    Example:
      csrgraph import esco "ESCO dataset - v1.2.0 - classification - en - csv" -o esco.nt
      csrgraph query linked-concepts --data esco.nt
    """
    from csrgraph.errors import UsageError
    from csrgraph.importers import esco

    if version is None:
        try:
            version = esco.release_of(folders, None)
        except UsageError:
            version = esco.DEFAULT_VERSION
            warn(f"no folder name gives the ESCO release; assuming {version} (see --release)")
    run("esco", folders, output, fmt, quiet, concepts=concepts, version=version, issued=issued)
