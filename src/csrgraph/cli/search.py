"""``csrgraph search``: find occupations, skills, tasks, concepts and codes by name or code."""

from __future__ import annotations

from typing import Any

import click

from csrgraph.cli.common import (
    Command,
    LanguageTag,
    StrictChoice,
    StrictIntRange,
    data_option,
    default_format,
    format_option,
    output_option,
    rows_result,
    write_output,
)
from csrgraph.cli.progress import quiet_option, status
from csrgraph.formats import row_formats, serialize
from csrgraph.search.entries import KINDS

#: The columns ``search`` prints, in order (``iri`` and ``scheme_iri`` are IRIs).
COLUMNS = ("label", "lang", "kind", "scheme", "match", "field", "iri", "scheme_iri")


@click.command("search", cls=Command)
@click.argument("text")
@data_option
@click.option(
    "--store-dir",
    metavar="DIR",
    help="Search the index built by `csrgraph index` (its search index, DIR/search.sqlite, "
    "is built on the first search; not with --data).",
)
@click.option(
    "--lang",
    type=LanguageTag(),
    default=None,
    metavar="TAG",
    help="Only names in this language (and names without one, such as codes) [default: all].",
)
@click.option(
    "--type",
    "kinds",
    type=StrictChoice(list(KINDS)),
    multiple=True,
    help="Only resources of this kind. Repeatable [default: all].",
)
@click.option(
    "--limit",
    type=StrictIntRange(1, 10_000),
    default=20,
    show_default=True,
    help="The most hits shown.",
)
@format_option(row_formats(), "Output format [default: table on a terminal, else csv].")
@output_option
@quiet_option
def search_command(
    text: str,
    data: tuple[str, ...],
    store_dir: str | None,
    lang: str | None,
    kinds: tuple[str, ...],
    limit: int,
    fmt: str | None,
    output: str | None,
    quiet: bool,
) -> None:
    """Find occupations, skills, tasks, concepts and codes by name or code.

    Case and accents do not matter; every language of the graph is searched. Hits are
    ranked: the whole name, then its start, then words, then a part of a word, then a near
    miss for a typo; a preferred label or a code before another name.

    \b
    Examples:
      csrgraph search kundendienst
      csrgraph search 43-4051 --type code
      csrgraph search "customer service" --store-dir index/ --lang en -f json
    """
    from csrgraph.search import search
    from csrgraph.search.api import search_index_ready

    def find() -> list[Any]:
        return search(
            text, data=data, store_dir=store_dir, lang=lang, kind=kinds or None, limit=limit
        )

    if store_dir is not None and not search_index_ready(store_dir):
        with status("search", quiet) as progress:  # minutes on whole imports: say so
            if progress is not None:
                progress("building the search index of this index folder (once)")
            hits = find()
    else:
        hits = find()
    result = rows_result([h.to_dict() for h in hits], COLUMNS, iri_fields=("iri", "scheme_iri"))
    write_output(serialize(result, fmt or default_format(row_formats(), output)), output)
