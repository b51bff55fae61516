"""Commands of the website: ``site`` (build it) and ``serve`` (preview it on 127.0.0.1)."""

from __future__ import annotations

import click

from csrgraph.cli.common import Command
from csrgraph.cli.progress import quiet_option, status
from csrgraph.cli.types import StrictIntRange


@click.command("site", cls=Command)
@click.option(
    "-o", "--output", "out_dir", metavar="DIR", required=True, help="The folder to write."
)
@click.option("--data", multiple=True, metavar="FILE", help="Imported RDF to add (repeatable).")
@click.option("--store-dir", metavar="DIR", default=None, help="Read an index instead of files.")
@click.option(
    "--base-url",
    metavar="URL",
    default="https://csrgraph.example.org/",
    show_default=True,
    help="Where the site is published: the target of the .htaccess redirects.",
)
@click.option("--force", is_flag=True, help="Replace an earlier site in DIR.")
@click.option(
    "-j",
    "--jobs",
    type=StrictIntRange(1, 64),
    default=None,
    metavar="N",
    help="Processes writing the pages [default: the CPUs, at most 8, for 2,000+ resources].",
)
@quiet_option
def site_command(
    out_dir: str,
    data: tuple[str, ...],
    store_dir: str | None,
    base_url: str,
    force: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Write a static website of the graph: a page per resource, German and English.

    \b
    Example:
      csrgraph site -o build/site
      csrgraph site --store-dir index -o build/site --base-url https://example.org/csr/
    """
    from csrgraph.cli.common import output_folder
    from csrgraph.errors import UsageError
    from csrgraph.site.build import build_site

    output_folder(out_dir)
    if store_dir is not None and data:
        raise UsageError("--store-dir cannot be used with --data (index your files instead)")
    with status("site", quiet) as progress:
        report = build_site(
            out_dir,
            data,
            store_dir=store_dir,
            base_url=base_url,
            force=force,
            progress=progress,
            jobs=jobs,
        )
    click.echo(
        f"{report.folder}: {report.pages} pages, {report.files} files, "
        f"{report.resources} resources",
        err=True,
    )


@click.command("serve", cls=Command)
@click.argument("folder", metavar="DIR")
@click.option("--port", type=StrictIntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Only 127.0.0.1 is allowed.")
def serve_command(folder: str, port: int, host: str) -> None:
    """Preview a site built by `csrgraph site` on 127.0.0.1, with content negotiation.

    \b
    Example:
      csrgraph serve build/site --port 8000
    """
    from pathlib import Path

    from csrgraph.site.serve import make_server

    server = make_server(Path(folder), port, host)
    address = f"http://{host}:{server.server_address[1]}/"
    click.echo(f"Serving {folder} at {address} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
