"""The search box of the static site and its index, built from the written pages.

The search runs in the browser with no server: :func:`index_site` reads every written page
(language, title, main text) into one small index written as a *script* file,
``_search/index.js``, beside the search code ``_search/finder.js``. A script file, not JSON
fetched at run time, because browsers refuse ``fetch()`` of ``file://`` URLs and the site must
work when opened from a folder as well as from any static host. The index is loaded on the
first keystroke in the box, so pages that are only read never pay for it.

Why not Pagefind (PyPI ``pagefind[extended]``): its UI imports its engine as a module and
fetches index fragments, which Chromium refuses from ``file://`` (no result, two console
errors; it works over HTTP); and on 40,000 generated pages it took 56 s and wrote 16.7 MB in
40,090 files, where this index took 10 s for one 9.9 MB file (0.6 MB gzipped) and a query
answers in under 100 ms in the browser (``benchmarks/site_search.py``). No client library
either: matching folded words in one array is a few lines of plain JavaScript.

Matching is case- and accent-insensitive: titles and text are folded here (NFKD, combining
marks dropped, lower case, ``ß`` as ``ss``) and the browser folds the query the same way, so
"kundendienst" finds "Kundendienst" and "Strasse" finds "Straße". Every word of the query must
occur in a page; pages whose title holds the words rank first, pages in the reader's language
before the others.

>>> 'type="search"' in search_box("de", "../")
True
>>> fold("Kundendienst-Mitarbeiterin für Straßen")
'kundendienst-mitarbeiterin fur strassen'
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from csrgraph.writing import atomic_write_many

#: The folder of the search files, relative to the site's root.
FOLDER = "_search"
#: How many characters of a page's main text go into the index (after its title).
TEXT_LIMIT = 160

_LABELS = {
    "de": ("Suche im Graphen", "Suchbegriff, Code oder Bezeichnung"),
    "en": ("Search the graph", "Term, code or label"),
}
#: Elements whose text is never indexed: code, styling, and the page furniture.
_SKIPPED = {"script", "style", "svg", "nav", "header", "footer", "template", "noscript"}


def fold(text: str) -> str:
    """Return ``text`` folded for matching: no accents, lower case, ``ß`` as ``ss``, one space.

    The browser side (``finder.js``) folds queries the same way.

    >>> fold("  Ärger  im\\nBüro ")
    'arger im buro'
    """
    return " ".join(_NON_ASCII.sub(_fold_char, text.lower()).split())


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.cache
def _fold_one(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("ß", "ss")


def _fold_char(match: re.Match[str]) -> str:
    """Fold one non-ASCII character (cached: a site has few distinct ones)."""
    return _fold_one(match.group())


def head_tags(root: str) -> str:
    """Return the ``<head>`` tags of the search for a page ``root`` away from the site's root.

    >>> head_tags("../")
    '<script src="../_search/finder.js" data-root="../" defer></script>'
    """
    root = html.escape(root, quote=True)
    return f'<script src="{root}{FOLDER}/finder.js" data-root="{root}" defer></script>'


def search_box(lang: str, root: str) -> str:
    """Return the search box of a page in ``lang`` (``de`` or ``en``); results go in its list.

    ``root`` is the relative path from the page to the site's root ("" or "../../"); the
    results link to pages relative to it.

    >>> print(search_box("en", ""))  # doctest: +ELLIPSIS
    <div class="site-search" role="search" data-root="">
    <label for="site-search-input">Search the graph</label>
    <input type="search" id="site-search-input" ...>
    <ul id="search-results" aria-live="polite"></ul>
    </div>
    """
    label, hint = _LABELS.get(lang, _LABELS["en"])
    return (
        f'<div class="site-search" role="search" data-root="{html.escape(root, quote=True)}">\n'
        f'<label for="site-search-input">{label}</label>\n'
        f'<input type="search" id="site-search-input" placeholder="{hint}" autocomplete="off" '
        f'data-lang="{html.escape(lang, quote=True)}">\n'
        '<ul id="search-results" aria-live="polite"></ul>\n'
        "</div>"
    )


_LANG = re.compile(r"<html\b[^>]*?\blang=[\"']?([A-Za-z-]*)", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main\s*>", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>(.*)", re.IGNORECASE | re.DOTALL)
_DROPPED = re.compile(
    r"<(" + "|".join(sorted(_SKIPPED)) + r")\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")
_BODY_AT = re.compile(r"<body\b", re.IGNORECASE)


def _text(fragment: str) -> str:
    """Return the text of an HTML fragment: dropped elements left out, tags as spaces."""
    return " ".join(html.unescape(_TAG.sub(" ", _DROPPED.sub(" ", fragment))).split())


_OPENED = re.compile(r"<(" + "|".join(sorted(_SKIPPED)) + r")\b", re.IGNORECASE)
#: How much of a page's main HTML is read first for its text (the rest only when needed).
_LEAD = 8192


def _lead(fragment: str) -> str:
    """Return the first TEXT_LIMIT characters of a fragment's text, reading only its start.

    The start is enough when it holds more text than that and no dropped element is cut
    open (an O*NET occupation's page is half a megabyte: reading it all took seconds); a
    start that cuts one open (a chart) is read again four times as long.
    """
    lead = _LEAD
    while len(fragment) > lead:  # a longer start while a dropped element is cut open
        start = fragment[: fragment.rfind(">", 0, lead) + 1]
        kept = _DROPPED.sub(" ", start)
        if not _OPENED.search(kept):
            text = " ".join(html.unescape(_TAG.sub(" ", kept)).split())
            if len(text) > TEXT_LIMIT + 1:
                return text[:TEXT_LIMIT]
        lead *= 4
    return _text(fragment)[:TEXT_LIMIT]


def page_entry(path: str, page: str) -> list[str | int]:
    """Return the index entry of one page: ``[path, lang, title, key, title's length in key]``.

    The key is the folded title and main text (``<main>``, else ``<body>``, without scripts,
    styles, SVG, navigation, header and footer); the folded title is its first part. Regular
    expressions rather than an HTML parser: the pages are our own, and on the 40,000 pages of
    the full site the parser took most of a minute (benchmarks/site_search.py).

    >>> page_entry("a.html", '<html lang="de"><title>Kundendienst</title><nav>Menü</nav>'
    ...            '<main><h1>Kundendienst</h1><svg><title>Chart</title></svg><p>Ärger</p>'
    ...            '</main></html>')
    ['a.html', 'de', 'Kundendienst', 'kundendienst kundendienst arger', 12]
    """
    body_at = _BODY_AT.search(page)
    head = page if body_at is None else page[: body_at.start()]
    lang = _LANG.search(head)
    title = _TITLE.search(head)
    main = _MAIN.search(page) or _BODY.search(page)
    title_text = _text(title.group(1)) if title else ""
    text = _lead(main.group(1)) if main else ""
    folded = fold(title_text)
    key = f"{folded} {fold(text)}" if folded else fold(text)
    return [path, lang.group(1) if lang else "", title_text, key, len(folded)]


def index_site(folder: Path) -> None:
    """Write the search index of every ``.html`` page under ``folder`` and the search code.

    Writes ``folder/_search/index.js`` (one entry a page, by relative path) and
    ``folder/_search/finder.js``; pages link to them through :func:`head_tags`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "index.html").write_text(
    ...         '<html lang="en"><title>Home</title><main>Hello</main></html>')
    ...     index_site(Path(tmp))
    ...     sorted(p.name for p in (Path(tmp) / FOLDER).iterdir())
    ['finder.js', 'index.js']
    """
    pages = sorted(page.relative_to(folder) for page in folder.rglob("*.html"))
    write_index(
        folder,
        (
            page_entry(page.as_posix(), (folder / page).read_text(encoding="utf-8"))
            for page in pages
            if page.parts[0] != FOLDER
        ),
    )


def write_index(folder: Path, entries: Iterable[list[str | int]]) -> None:
    """Write ``folder/_search/index.js`` of the given :func:`page_entry` entries and the code.

    For a builder that indexes each page as it writes it (no second read of every page);
    entries are ordered by path, as :func:`index_site` orders them.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_index(Path(tmp), [page_entry("a.html", "<html lang='en'><title>A</title>")])
    ...     (Path(tmp) / FOLDER / "index.js").read_text()[:40]
    'window.csrgraphSearchIndex=[["a.html","e'
    """
    ordered = sorted(entries, key=lambda entry: str(entry[0]).split("/"))
    data = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
    # "<", ">" and "&" as \u escapes (the same string to JavaScript): no "</script>" or
    # "<!--" can change how a parser reads the file, should it ever be inlined in a page
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    code = resources.files("csrgraph.site").joinpath("finder.js").read_text(encoding="utf-8")
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    atomic_write_many(
        [
            (target / "index.js", f"window.csrgraphSearchIndex={data};\n"),
            (target / "finder.js", code),
        ]
    )
