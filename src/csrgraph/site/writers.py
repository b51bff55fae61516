"""Write the resources' files: in this process, or in forked processes side by side.

>>> workers(3, 10), workers(None, 10)
(3, 1)
"""

from __future__ import annotations

import json
from pathlib import Path

from csrgraph.errors import InputError, UsageError
from csrgraph.namespaces import RDF_TYPE
from csrgraph.site import pages as resource_pages
from csrgraph.site.collect import SiteGraph
from csrgraph.site.paths import LANGUAGES
from csrgraph.site.render import INBOUND_LIMIT, INBOUND_SHOWN

#: From this many resources on, the pages are written by several processes by default.
PARALLEL_FROM = 2000
#: The most processes ``jobs`` may ask for.
MAX_JOBS = 64


def workers(jobs: int | None, resources: int) -> int:
    """Return how many processes write the pages of a site of ``resources`` resources.

    ``jobs`` when given (1 where the system cannot fork); by default the CPUs this process
    may use, at most 8, for a site of :data:`PARALLEL_FROM` resources or more, else 1.

    >>> workers(3, 10), workers(None, 10)
    (3, 1)
    >>> workers(0, 10)
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: jobs must be between 1 and 64, not 0
    """
    import os

    if jobs is not None:
        if isinstance(jobs, bool) or not 1 <= jobs <= MAX_JOBS:
            raise UsageError(
                f"{{jobs}} must be between 1 and {MAX_JOBS}, not {jobs}",
                parameter="jobs",
                value=jobs,
            )
        return jobs if hasattr(os, "fork") else 1
    if resources < PARALLEL_FROM or not hasattr(os, "fork"):
        return 1
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        usable = os.cpu_count() or 1
    return max(1, min(usable, 8))


class Writer:
    """Write a site's file, its folder made once; a page's search entry kept in ``entries``."""

    def __init__(self, folder: Path, entries: list[list[str | int]]) -> None:
        self.folder, self.entries = folder, entries
        self.made: set[Path] = set()

    def __call__(self, path: str, data: bytes | str) -> None:
        """Write ``data`` (text as UTF-8) to ``path`` in the folder."""
        from csrgraph.site.finder import page_entry

        file = self.folder / path
        if (
            isinstance(data, str)
            and path.endswith(".html")
            and not path.startswith(resource_pages.REFS)
        ):
            self.entries.append(page_entry(path, data))
        if file.parent not in self.made:
            file.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(file.parent)
        file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_resources(
    site: SiteGraph,
    folder: Path,
    parts: dict[str, list[str]],
    iris: list[str],
    entries: list[list[str | int]],
) -> int:
    """Write the pages and data files of the resources ``iris``; return how many pages."""
    write = Writer(folder, entries)
    pages = 0
    for iri in iris:
        site.forget()
        mine = sorted(node for node in parts.get(iri, []) if site.is_part(node))
        types = [o.value for p, o in site.triples(iri) if p.value == RDF_TYPE]
        jsonld = json.dumps(
            resource_pages.jsonld(site, iri, site.kinds[iri], types), ensure_ascii=False
        )
        turtle, rdf_json = resource_pages.rdf(site, iri, mine)
        write(site.stems[iri] + ".ttl", turtle)
        write(site.stems[iri] + ".jsonld", rdf_json)
        # read once for the page's first INBOUND_SHOWN and its _refs page: all of them
        # (up to the limit) are sorted, so the same ones are listed whatever the store's order
        inbound = site.inbound(iri, INBOUND_LIMIT + 1)
        for lang in LANGUAGES:
            write(*resource_pages.resource_page(site, iri, lang, mine, jsonld, inbound))
            pages += 1
        if len(inbound) > INBOUND_SHOWN:
            for lang in LANGUAGES:
                write(*resource_pages.refs_list_page(site, iri, lang, inbound))
                pages += 1
    return pages


def write_shares(
    site: SiteGraph,
    folder: Path,
    parts: dict[str, list[str]],
    order: list[str],
    entries: list[list[str | int]],
    jobs: int,
    shown: str = "",
) -> int:
    """Write the resources in ``jobs`` forked processes; return how many pages.

    Each child inherits the graph as read (the store, labels, parts) and writes its share;
    it sends back its counts and search entries. A child's failure to write is an
    :class:`InputError` here, and the other children are stopped.
    """
    import functools
    import gc

    from csrgraph.process import child

    tasks = [
        functools.partial(_share, site, folder, parts, order[k::jobs], shown or str(folder))
        for k in range(jobs)
    ]
    pages = 0
    gc.freeze()  # the children's collector leaves the graph as read alone: fewer pages copied
    try:
        answers = child.run_all(tasks, name="site", what="page writer")
    finally:
        gc.unfreeze()
    for answer in answers:
        done = json.loads(answer)
        pages += done["pages"]
        entries.extend(done["entries"])
    return pages


def _share(
    site: SiteGraph, folder: Path, parts: dict[str, list[str]], iris: list[str], shown: str
) -> bytes:  # pragma: no cover - in a child
    """Write one share of the resources (in a child); return its counts and search entries.

    A failure to write is an :class:`InputError` naming ``shown`` (the output folder).
    """
    entries: list[list[str | int]] = []
    try:
        pages = write_resources(site, folder, parts, iris, entries)
    except OSError as err:
        raise InputError(f"{shown}: cannot write ({err.strerror or err})") from None
    done = {"pages": pages, "entries": entries}
    return json.dumps(done, ensure_ascii=False).encode("utf-8")
