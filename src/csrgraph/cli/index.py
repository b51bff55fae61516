"""``csrgraph index``: load big data once into an on-disk store for ``query --store-dir``."""

from __future__ import annotations

import click

from csrgraph.cli.common import data_option, format_option, write_output


@click.command("index")
@data_option
@click.option(
    "--store-dir",
    required=True,
    metavar="DIR",
    help="The index folder: created, or replaced if it is an index already.",
)
@format_option(["text", "json"], "Report format [default: text].")
def index_command(data: tuple[str, ...], store_dir: str, fmt: str | None) -> None:
    """Load the bundled graph plus your --data files once into an on-disk store.

    Then `csrgraph query ... --store-dir DIR` answers from it without parsing anything,
    with the same rows as `csrgraph query ... --data FILE...`. Rebuild the index when
    your files change. The build is all or nothing: a failed build leaves DIR as it was.

    \b
    Example:
      csrgraph index --data esco.nt --data extra.ttl --store-dir ~/.cache/csr-index
      csrgraph query pay-by-experience --store-dir ~/.cache/csr-index
    """
    from csrgraph.index import build_index

    info = build_index(data, store_dir)
    if fmt == "json":
        write_output(info.to_json(), None)
    else:
        names = ", ".join(f.path for f in info.files) or "no files of yours"
        write_output(f"{store_dir}: {info.triples} triples (bundled graph + {names})\n", None)
