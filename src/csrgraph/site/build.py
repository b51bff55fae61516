"""Write the site: every page in German and English, each resource's Turtle and JSON-LD.

Everything is written into a temporary folder beside the target, renamed into place at the
end; a failure leaves nothing behind. An existing folder is replaced only when it is an
earlier site and ``force`` is given: its :data:`MARKER` lists every file the build wrote,
and a folder holding anything else (a ``CNAME``, an ``assets/`` folder added by hand) is
refused rather than replaced, so no user file is ever deleted. The check is repeated at the
moment of the swap, and an empty folder is removed with ``os.rmdir``, which fails if files
appeared in it during the build (the new site then stays in its temporary folder).

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "site"
>>> report = build_site(out)
>>> (out / "index.html").is_file(), report.pages > 10
(True, True)
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from csrgraph._typing import PathLike
from csrgraph.errors import InputError, UsageError
from csrgraph.site import writers
from csrgraph.site.collect import KINDS, SiteGraph, collect, load
from csrgraph.site.folder import MANIFEST_HEADER, MARKER, entries_in, prepare, swap
from csrgraph.site.paths import (
    LANGUAGES,
    check_base_url,
    check_unique,
    home,
    htaccess,
    other,
)
from csrgraph.site.render import KIND_NAMES, Page, esc

DEFAULT_BASE_URL = "https://csrgraph.example.org/"
STYLE = """body{font-family:sans-serif;max-width:60em;margin:auto;padding:0 1em;line-height:1.4}
header{display:flex;gap:1em;align-items:center;border-bottom:1px solid #ccc;padding:.5em 0}
table.properties th{text-align:left;vertical-align:top;padding-right:1em}
table.properties ul{list-style:none;margin:0;padding:0}
blockquote{border-left:4px solid #888;margin-left:0;padding-left:1em}
mark{background:#ff6}.fallback{font-style:italic}
.chart rect{fill:#36c}.chart text{font-size:12px}
"""


@dataclass
class SiteReport:
    """What a build wrote."""

    folder: Path
    pages: int
    files: int
    resources: int


def _list_page(site: SiteGraph, kind: str, lang: str, members: list[str]) -> tuple[str, str]:
    path = f"list/{kind}.{lang}.html" if lang != "en" else f"list/{kind}.html"
    view = Page(site, path, lang)
    title = esc(KIND_NAMES[lang][kind])
    items = sorted(members, key=lambda i: (site.label(i, lang)[0].lower(), i))
    body = f"<h1>{title}</h1><ul>" + "".join(f"<li>{view.link_iri(i)}</li>" for i in items)
    second = other(lang)
    other_path = f"list/{kind}.{second}.html" if second != "en" else f"list/{kind}.html"
    return path, view.wrap(title, body + "</ul>", None, None, other_path)


def _home(site: SiteGraph, lang: str, kinds: dict[str, list[str]]) -> tuple[str, str]:
    path = home(lang)
    view = Page(site, path, lang)
    body = ["<h1>csrgraph</h1>"]
    for kind in KINDS:
        members = kinds.get(kind)
        if not members:
            continue
        listed = f"list/{kind}.{lang}.html" if lang != "en" else f"list/{kind}.html"
        body.append(
            f'<h2><a href="{listed}">{esc(KIND_NAMES[lang][kind])}</a> ({len(members)})</h2>'
        )
        if kind in ("occupation", "document", "scheme") and len(members) <= 40:
            items = sorted(members, key=lambda i: (site.label(i, lang)[0].lower(), i))
            body.append("<ul>" + "".join(f"<li>{view.link_iri(i)}</li>" for i in items) + "</ul>")
    return path, view.wrap("csrgraph", "".join(body), None, None, home(other(lang)))


def build_site(
    out: PathLike,
    data: Iterable[PathLike] = (),
    *,
    store_dir: PathLike | None = None,
    base_url: str = DEFAULT_BASE_URL,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> SiteReport:
    """Write the static site of the graph into the folder ``out``.

    Args:
        out: the folder to write (new, empty, or an earlier site with ``force``).
        data: extra RDF files (imports) added to the bundled graph.
        store_dir: an index (``csrgraph index``) to read instead of parsing files.
        base_url: where the site will be published: the target of the ``.htaccess`` rules.
        force: replace an earlier site in ``out``.
        progress: called with a short line as each step begins (reading, pages, search).
        jobs: how many processes write the pages (1: this one); by default the usable CPUs
            (at most 8) for a site of :data:`PARALLEL_FROM` resources or more, else 1.

    Raises:
        UsageError: ``out`` is not empty (and not an earlier site with ``force``), or
            ``jobs`` is not between 1 and :data:`MAX_JOBS`.
        InputError: a file cannot be read or written.

    """
    from csrgraph.signals import cleanup_on_signals

    target = Path(out)
    base_url = check_base_url(base_url)
    writers.workers(jobs, 0)  # checked before anything is read
    prepare(target, force)
    say = progress or (lambda step: None)
    say("reading the graph")
    site = collect(load(data, store_dir))
    say(f"writing the pages of {len(site.stems):,} resources")
    check_unique(site.stems)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=parent))
    except OSError as err:  # a read-only or full disk: name the output, not a temporary path
        raise InputError(f"{out}: cannot write ({err.strerror or err})") from None
    with cleanup_on_signals():
        kept: InputError | None = None
        try:
            from csrgraph.site import finder

            entries: list[list[str | int]] = []
            processes = writers.workers(jobs, len(site.kinds))
            pages = _write_all(site, building, base_url, entries, processes, str(out))
            say("writing the search index")
            finder.write_index(building, entries)  # index_site's index, from pages in hand
            listed = sorted(entry for entry in entries_in(building) if (building / entry).is_file())
            manifest = "\n".join([MANIFEST_HEADER, *listed]) + "\n"
            (building / MARKER).write_text(manifest, encoding="utf-8")
            try:
                swap(target, building, parent)
            except (OSError, UsageError) as err:
                reason = err.strerror if isinstance(err, OSError) else str(err)
                kept = InputError(
                    f"{out}: cannot replace ({reason or err}); the new site is left in {building}"
                )
        except (OSError, InputError) as err:  # InputError: a writer child's
            reason = str(err)
            if isinstance(err, OSError):
                reason = f"{out}: cannot write ({err.strerror or err})"
            shutil.rmtree(building, ignore_errors=True)
            if building.exists():  # a disk turned read-only: say what is left and where
                reason += f"; the partial site is left in {building} (remove it)"
            raise InputError(reason) from None
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    if kept is not None:  # the swap failed after the build: the new site stays where it is
        raise kept

    return SiteReport(target, pages, len(listed) + 1, len(site.kinds))  # and the marker


def _write_all(
    site: SiteGraph,
    folder: Path,
    base_url: str,
    entries: list[list[str | int]],
    jobs: int,
    shown: str = "",
) -> int:
    """Write every file; return how many pages; add each page's search entry to ``entries``.

    The resources' pages are written by ``jobs`` processes side by side (each a share of the
    resources, interleaved so that the large pages spread evenly); the lists, home pages and
    rules here. The long "referred to by" lists (``_refs``) are left out of the search:
    their titles repeat their resource's. ``shown``: the output folder as the user named it,
    for a writer child's error (its files are in a temporary folder the user never named).
    """
    parts: dict[str, list[str]] = defaultdict(list)
    for node, owner in site.owners.items():
        if owner in site.kinds:
            parts[owner].append(node)
    kinds: dict[str, list[str]] = defaultdict(list)
    for iri, kind in site.kinds.items():
        kinds[kind].append(iri)
    order = sorted(site.kinds)
    if jobs > 1:
        pages = writers.write_shares(site, folder, parts, order, entries, jobs, shown)
    else:
        pages = writers.write_resources(site, folder, parts, order, entries)
    write = writers.Writer(folder, entries)
    for lang in LANGUAGES:
        for kind, members in kinds.items():
            write(*_list_page(site, kind, lang, members))
            pages += 1
        write(*_home(site, lang, kinds))
        pages += 1
    write("style.css", STYLE)
    prefixes = sorted({site.stems[i].split("/")[0] for i in site.kinds if "/" in site.stems[i]})
    write(".htaccess", htaccess(base_url, [p for p in prefixes if p != "ext"]))
    return pages
