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
IMPORT_FORMATS = ("ttl", "nt", "nq", "trig")


def import_output_options(func: F) -> F:
    """Add ``-o/--output FILE``, ``-f/--format`` (default: the suffix, else ttl) and ``-q``.

    ``nq`` and ``trig`` put every triple in the release's named graph (releases side by side).
    """
    func = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress line and no summary on stderr (warnings and errors still show); "
        "both show only on a terminal.",
    )(func)
    func = click.option(
        "-f",
        "--format",
        "fmt",
        type=StrictChoice(list(IMPORT_FORMATS)),
        default=None,
        help="Output format; nq and trig write the release's named graph [default: from the "
        "-o suffix, else ttl].",
    )(func)
    return output_option(func)


def output_format(fmt: str | None, output: str | None) -> str:
    """Return the chosen format: ``-f``, else the output file's suffix, else ``ttl``."""
    from csrgraph.cli.common import suffix_format

    return fmt or suffix_format(output, IMPORT_FORMATS) or "ttl"


def warn(message: str | None) -> None:
    """Print ``Warning: MESSAGE`` on stderr when there is a message."""
    from csrgraph.cli.common import say

    if message:
        say("Warning", message)


def run(
    source: str,
    location: Any,
    output: str | None,
    fmt: str | None,
    *,
    quiet: bool = False,
    **options: Any,
) -> None:
    """Write the import of ``source`` from ``location``; print the report's warnings.

    On a terminal and not ``quiet``: a progress line while the files are read, and the
    report's summary at the end (:mod:`csrgraph.cli.progress`).
    """
    from csrgraph.cli.progress import Progress, on_terminal, summary
    from csrgraph.importers import write_import

    progress = Progress() if on_terminal() and not quiet else None
    fmt = output_format(fmt, output)
    try:
        report = write_import(source, location, output, fmt, progress=progress, **options)
    finally:
        if progress is not None:
            progress.clear()
    for message in report.warnings:
        warn(message)
    if progress is not None:
        summary(report.summary(warnings=False), progress.elapsed)


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
    default=None,
    metavar="VERSION",
    help="The O*NET database version of the files, e.g. 29.2 [default: from the folder "
    "name, db_29_2_text; required when the name does not say it].",
)
@click.option(
    "--release-date",
    "issued",
    default=None,
    metavar="YYYY-MM",
    help="When that version was published (YYYY-MM or YYYY-MM-DD) [default: known for 29.2, "
    "February 2025].",
)
def onet_command(
    folder: str,
    output: str | None,
    fmt: str | None,
    occupations: tuple[str, ...],
    version: str | None,
    issued: str | None,
    quiet: bool,
) -> None:
    """Import the O*NET database's text files (Occupation Data.txt and what is beside it).

    Reads Occupation Data.txt (required) and, when present, Task Statements.txt, Alternate
    Titles.txt, Sample of Reported Titles.txt, Job Zones.txt, Education, Training, and
    Experience.txt (with its Categories file) and Related Occupations.txt; other files are
    ignored. The summary on stderr lists the columns not imported. Rows of those
    files whose code is not in Occupation Data.txt are skipped and counted, one warning a
    kind (with the first row).
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
        quiet=quiet,
        occupations=occupations,
        version=version,
        issued=issued,
    )


@import_group.command("esco", cls=Command)
@click.argument("folders", nargs=-1, required=True, type=click.Path(), metavar="SOURCE...")
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
    help="The ESCO version of the files, e.g. 1.2.0 [default: from a folder name; "
    "required when no name says it].",
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
    """Import ESCO's CSV download: the zip files as the portal hands them out, or folders.

    Each SOURCE is a folder, a zip file, or a folder holding the zips. Reads every file of
    the classification package (occupations_xx.csv, required; ISCO groups, skill groups,
    skills, skills hierarchy, concept schemes, the collections; xx: the language, from the
    name) and of the relations package (broader relations of both pillars,
    occupation-skill and skill-skill relations). Several languages merge into one concept
    with a label per language. The output is in ESCO's own model and IRIs and carries
    ESCO's attribution. On a terminal a progress line and a summary go to stderr (--quiet:
    none).

    \b
    Example:
      csrgraph import esco ~/Downloads/esco-v1.1.1/*.zip --release-date 2022-09 -o esco.nt
      csrgraph query linked-concepts --data esco.nt
    """
    options = {"concepts": concepts, "version": version, "issued": issued}
    run("esco", folders, output, fmt, quiet=quiet, **options)


@import_group.command("crosswalk", cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@import_output_options
def crosswalk_command(
    files: tuple[str, ...], output: str | None, fmt: str | None, quiet: bool
) -> None:
    """Import crosswalks as SSSOM mapping sets and SKOS links, with their evidence.

    Reads the BLS 2010 SOC to ISCO-08 crosswalk (tab-separated), Nesta's ESCO to O*NET
    crosswalk (CSV) and SSSOM TSV files such as csrgraph's own, told apart by their header
    (a folder: the .tsv and .csv files in it). Each row becomes its SKOS link and an
    owl:Axiom with its justification, confidence, labels and comment, in its mapping set.
    BLS part flags decide the predicate: all of a SOC occupation into an ISCO group that takes
    others is broadMatch, part of it narrowMatch or relatedMatch. Nesta's confidence (0.5, 1,
    2) is kept in the comment and, halved, as the SSSOM confidence.

    \b
    Example:
      csrgraph import crosswalk bls-soc2010-isco08.tsv nesta-esco-onet-2020-11.csv -o cw.nt
      csrgraph query onet-occupations-in-isco --data cw.nt --data onet.nt -p isco_code=4222
    """
    run("crosswalk", list(files), output, fmt, quiet=quiet)
