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

import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csrgraph._typing import PathLike
from csrgraph.errors import InputError, UsageError
from csrgraph.namespaces import RDF_TYPE
from csrgraph.site.bars import node_key
from csrgraph.site.collect import KINDS, SiteGraph, collect, load
from csrgraph.site.folder import MANIFEST_HEADER, MARKER, entries_in, prepare, swap
from csrgraph.site.paths import (
    LANGUAGES,
    check_base_url,
    check_unique,
    home,
    htaccess,
    other,
    page,
    relative,
)
from csrgraph.site.render import INBOUND_LIMIT, INBOUND_SHOWN, KIND_NAMES, Page, anchor, esc

#: The folder of the long "referred to by" lists (no resource's path starts with "_").
REFS = "_refs"
DEFAULT_BASE_URL = "https://csrgraph.example.org/"
STYLE = """body{font-family:sans-serif;max-width:60em;margin:auto;padding:0 1em;line-height:1.4}
header{display:flex;gap:1em;align-items:center;border-bottom:1px solid #ccc;padding:.5em 0}
table.properties th{text-align:left;vertical-align:top;padding-right:1em}
table.properties ul{list-style:none;margin:0;padding:0}
blockquote{border-left:4px solid #888;margin-left:0;padding-left:1em}
mark{background:#ff6}.fallback{font-style:italic}
.chart rect{fill:#36c}.chart text{font-size:12px}
"""


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


@dataclass
class SiteReport:
    """What a build wrote."""

    folder: Path
    pages: int
    files: int
    resources: int


def _jsonld(site: SiteGraph, iri: str, kind: str, types: list[str]) -> dict[str, Any]:
    """Return the schema.org description of a resource (the occupation profile for one)."""
    from csrgraph.publish.schemaorg import CONTEXT

    if kind == "occupation":
        from csrgraph.site.schema import occupation

        return occupation(site, iri)
    names = [
        {"@value": text, "@language": lang} if lang else {"@value": text}
        for lang, text in sorted(site.labels.get(iri, {}).items())
    ]
    schema_type = "DefinedTerm" if kind == "concept" else "Thing"
    if kind == "scheme":
        schema_type = "DefinedTermSet"
    return {"@context": CONTEXT, "@id": iri, "@type": schema_type, "name": names}


def _rdf(site: SiteGraph, iri: str, parts: list[str]) -> tuple[bytes, bytes]:
    """Return the Turtle and JSON-LD of a resource and the nodes shown on its page."""
    import pyoxigraph as ox

    from csrgraph.graph.load import bundled_prefixes

    triples = []
    for node in [iri, *parts]:
        subject = ox.BlankNode(node[2:]) if node.startswith("_:") else ox.NamedNode(node)
        triples += [ox.Triple(subject, p, o) for p, o in site.triples(node)]
    prefixes = bundled_prefixes()
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    jsonld = ox.serialize(triples, format=ox.RdfFormat.JSON_LD, prefixes=prefixes)
    return turtle or b"", jsonld or b""


def _resource_page(
    site: SiteGraph,
    iri: str,
    lang: str,
    parts: list[str],
    jsonld: str,
    inbound: list[tuple[Any, Any]],
) -> tuple[str, str]:
    """Return (path, HTML) of a resource's page in ``lang``.

    The resource's own description leads (its definition, then chart and property table);
    the quotes of the source follow under their heading. A claim or statement resting on one
    or two quotes shows them before its table: there the quote is what the page is about.
    """
    kind = site.kinds[iri]
    stem_ = site.stems[iri]
    view = Page(site, page(stem_, lang), lang)
    triples = site.triples(iri)
    types = [o for p, o in triples if p.value == RDF_TYPE]
    lead, used = view.description(triples)
    shown = [(p, o) for p, o in triples if p.value not in (RDF_TYPE, used)]
    body = [f"<h1>{view.name(iri)}</h1>", lead]
    body.append(f'<p class="iri">{esc(view.ui["iri"])}: <code>{esc(iri)}</code></p>')
    if types:
        body.append(
            f'<p class="types">{esc(view.ui["types"])}: '
            + ", ".join(view.link(t) for t in sorted(types, key=view.term_key))
            + "</p>"
        )
    quotes = view.quotes(iri, triples)
    quoted = f'<h2 class="quotes">{esc(view.ui["quote"])}</h2>{quotes}' if quotes else ""
    early = kind in ("claim", "statement") and len(view.statements(iri, triples)) <= 2
    if early:
        body.append(quoted)
    body.append(view.chart(shown))
    body.append(view.table(iri, shown))
    if not early:
        body.append(quoted)
    if kind == "document":
        body.append(_document(site, view, iri))
    if parts:
        body.append(f"<h2>{esc(view.ui['parts'])}</h2>")
        for node in sorted(parts, key=view.term_key):
            node_triples = site.triples(node)
            node_lead, node_used = view.description(node_triples)
            node_shown = [(p, o) for p, o in node_triples if p.value not in (RDF_TYPE, node_used)]
            body.append(
                f'<section id="{anchor(node)}"><h3>{view.name(node)}</h3>{node_lead}'
                + view.chart(node_shown)
                + view.table(node, node_shown)
                + view.quotes(node, node_triples)
                + "</section>"
            )
    if inbound:
        listed = _ordered(view, inbound)[:INBOUND_SHOWN]
        body.append(f"<h2>{esc(view.ui['inbound'])}</h2>{_inbound(view, listed)}")
        if len(inbound) > INBOUND_SHOWN:
            target = esc(relative(view.path, refs_page(stem_, lang)))
            body.append(f'<p><a class="inbound-all" href="{target}">{esc(view.ui["all"])}</a></p>')
    return view.path, view.wrap(view.plain_name(iri), "".join(body), stem_, jsonld)


def _ordered(view: Page, inbound: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Return (subject, predicate) pairs by property, then subject name, then IRIs.

    A total order: the store's own order differs between files read into memory and an
    index, and the pages must not.
    """
    return sorted(
        inbound,
        key=lambda sp: (
            view.term_key(sp[1]),
            view.term_key(sp[0]),
            node_key(sp[0]),
            sp[1].value,
        ),
    )


def _inbound(view: Page, inbound: list[tuple[Any, Any]]) -> str:
    """Return the list of (subject, predicate) pointing at a resource, the overflow noted."""
    items = [
        f"<li>{view.link(s)} <small>({view.prop_name(p.value)})</small></li>"
        for s, p in inbound[:INBOUND_LIMIT]
    ]
    more = f"<p>… {esc(view.ui['more'])}</p>" if len(inbound) > INBOUND_LIMIT else ""
    return f"<ul>{''.join(items)}</ul>{more}"


def refs_page(stem_: str, lang: str) -> str:
    """Return the page listing everything that refers to a resource (beside the search's).

    >>> refs_page("statement/F27", "de")
    '_refs/statement/F27.de.html'
    """
    return f"{REFS}/{page(stem_, lang)}"


def _refs_page(
    site: SiteGraph, iri: str, lang: str, inbound: list[tuple[Any, Any]]
) -> tuple[str, str]:
    """Return the page of a resource's "referred to by" list (up to INBOUND_LIMIT)."""
    stem_ = site.stems[iri]
    view = Page(site, refs_page(stem_, lang), lang)
    back = esc(relative(view.path, page(stem_, lang)))
    name = f'<a href="{back}">{view.name(iri)}</a>'
    title = f"{esc(view.ui['inbound'])}: {esc(site.label(iri, lang)[0])}"
    listed = _inbound(view, _ordered(view, inbound))
    body = f"<h1>{esc(view.ui['inbound'])}: {name}</h1>{listed}"
    return view.path, view.wrap(title, body, None, None, refs_page(stem_, other(lang)))


def _document(site: SiteGraph, view: Page, iri: str) -> str:
    """Return the source document rebuilt from its sections and quotes, each quote marked."""
    sections: dict[str | None, list[Any]] = defaultdict(list)
    for quote in site.quotes.values():
        if quote.document == iri:
            sections[quote.section].append(quote)
    out = [f"<h2>{esc(view.ui['document'])}</h2>"]
    order = sorted(sections, key=lambda s: (min(q.position for q in sections[s]), s or ""))
    for section in order:
        if section is not None:
            heading = site.headings.get(section) if view.lang == "de" else None
            name = esc(heading) if heading else view.name(section)
            out.append(f'<h3 id="{anchor(section)}">{name}</h3>')
        for quote in sorted(sections[section], key=lambda q: q.anchor):
            target = view.href(quote.statement)
            ref = f' <a href="{esc(target)}">→</a>' if target else ""
            out.append(
                f'<p lang="{esc(quote.lang)}"><mark id="{esc(quote.anchor)}">'
                f"{esc(quote.text)}</mark>{ref}</p>"
            )
    return "".join(out)


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
    workers(jobs, 0)  # checked before anything is read
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
            writers = workers(jobs, len(site.kinds))
            pages, _ = _write_all(site, building, base_url, entries, writers, str(out))
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
) -> tuple[int, int]:
    """Write every file; return (pages, files); add each page's search entry to ``entries``.

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
        pages, files = _write_shares(site, folder, parts, order, entries, jobs, shown)
    else:
        pages, files = _write_resources(site, folder, parts, order, entries)
    write = _Writer(folder, entries)
    for lang in LANGUAGES:
        for kind, members in kinds.items():
            write(*_list_page(site, kind, lang, members))
            pages += 1
        write(*_home(site, lang, kinds))
        pages += 1
    write("style.css", STYLE)
    prefixes = sorted({site.stems[i].split("/")[0] for i in site.kinds if "/" in site.stems[i]})
    write(".htaccess", htaccess(base_url, [p for p in prefixes if p != "ext"]))
    return pages, files + pages + 2


class _Writer:
    """Write a site's file, its folder made once; a page's search entry kept in ``entries``."""

    def __init__(self, folder: Path, entries: list[list[str | int]]) -> None:
        self.folder, self.entries = folder, entries
        self.made: set[Path] = set()

    def __call__(self, path: str, data: bytes | str) -> None:
        from csrgraph.site.finder import page_entry

        file = self.folder / path
        if isinstance(data, str) and path.endswith(".html") and not path.startswith(REFS):
            self.entries.append(page_entry(path, data))
        if file.parent not in self.made:
            file.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(file.parent)
        file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _write_resources(
    site: SiteGraph,
    folder: Path,
    parts: dict[str, list[str]],
    iris: list[str],
    entries: list[list[str | int]],
) -> tuple[int, int]:
    """Write the pages and data files of the resources ``iris``; return (pages, data files)."""
    write = _Writer(folder, entries)
    pages = files = 0
    for iri in iris:
        site.forget()
        mine = sorted(node for node in parts.get(iri, []) if site.is_part(node))
        types = [o.value for p, o in site.triples(iri) if p.value == RDF_TYPE]
        jsonld = json.dumps(_jsonld(site, iri, site.kinds[iri], types), ensure_ascii=False)
        turtle, rdf_json = _rdf(site, iri, mine)
        write(site.stems[iri] + ".ttl", turtle)
        write(site.stems[iri] + ".jsonld", rdf_json)
        files += 2
        # read once for the page's first INBOUND_SHOWN and its _refs page: all of them
        # (up to the limit) are sorted, so the same ones are listed whatever the store's order
        inbound = site.inbound(iri, INBOUND_LIMIT + 1)
        for lang in LANGUAGES:
            write(*_resource_page(site, iri, lang, mine, jsonld, inbound))
            pages += 1
        if len(inbound) > INBOUND_SHOWN:
            for lang in LANGUAGES:
                write(*_refs_page(site, iri, lang, inbound))
                pages += 1
    return pages, files


def _write_shares(
    site: SiteGraph,
    folder: Path,
    parts: dict[str, list[str]],
    order: list[str],
    entries: list[list[str | int]],
    jobs: int,
    shown: str = "",
) -> tuple[int, int]:
    """Write the resources in ``jobs`` forked processes; return (pages, data files).

    Each child inherits the graph as read (the store, labels, parts) and writes its share;
    it sends back its counts and search entries. A child's failure to write is an
    :class:`InputError` here, and the other children are stopped.
    """
    import functools

    from csrgraph.process import child

    tasks = [
        functools.partial(_share, site, folder, parts, order[k::jobs], shown or str(folder))
        for k in range(jobs)
    ]
    pages = files = 0
    for answer in child.run_all(tasks, name="site", what="page writer"):
        done = json.loads(answer)
        pages += done["pages"]
        files += done["files"]
        entries.extend(done["entries"])
    return pages, files


def _share(
    site: SiteGraph, folder: Path, parts: dict[str, list[str]], iris: list[str], shown: str
) -> bytes:  # pragma: no cover - in a child
    """Write one share of the resources (in a child); return its counts and search entries.

    A failure to write is an :class:`InputError` naming ``shown`` (the output folder).
    """
    entries: list[list[str | int]] = []
    try:
        pages, files = _write_resources(site, folder, parts, iris, entries)
    except OSError as err:
        raise InputError(f"{shown}: cannot write ({err.strerror or err})") from None
    done = {"pages": pages, "files": files, "entries": entries}
    return json.dumps(done, ensure_ascii=False).encode("utf-8")
