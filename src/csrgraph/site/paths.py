"""Where each resource's files lie, and which one a request gets (content negotiation).

A resource ``https://w3id.org/csrgraph/PATH`` lives at ``PATH`` in the site; any other IRI
``SCHEME://HOST/PATH`` at ``ext/SCHEME/HOST/PATH``. Beside that stem lie ``STEM.en.html``,
``STEM.de.html``, ``STEM.ttl`` and ``STEM.jsonld``. The same table drives the ``.htaccess``
rules written for the published site and ``csrgraph serve``.

The mapping is one-to-one: a byte outside ``[A-Za-z0-9_.-]`` becomes ``~XX``, an empty
segment ``~``, and a first segment that names one of the builder's own files or folders
(``ext``, ``list``, ``index``, ``_search``, in any case) gets its first letter escaped, so no
resource can overwrite another's files or the builder's. Names that differ only in case are
left to :func:`check_unique` (they would clash on a case-insensitive disk).

>>> stem("https://w3id.org/csrgraph/statement/F27")
'statement/F27'
>>> stem("http://data.europa.eu/esco/skill/x y")
'ext/http/data.europa.eu/esco/skill/x~20y'
>>> stem("https://w3id.org/csrgraph/ext/http/data.europa.eu/a"), stem("https://w3id.org/csrgraph/c//d/")
('~65xt/http/data.europa.eu/a', 'c/~/d/~')
>>> page("statement/F27", "de")
'statement/F27.de.html'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from csrgraph.errors import InputError
from csrgraph.namespaces import BASE

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"
HOME = "index.html"

#: media type -> the suffix of the file that holds it (HTML: per language).
MEDIA_TYPES = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", "text/html": ".html"}

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]")
#: First segments the builder writes itself (home pages, list pages, search, foreign IRIs).
RESERVED = frozenset({"ext", "list", "index", "_search"})


def _escape(text: str) -> str:
    return "".join(f"~{b:02X}" for b in text.encode())


def segment(text: str) -> str:
    """Return one path segment safe for a file name (``~XX`` for other bytes, ``~`` if empty).

    Safe as an element id and a link's fragment too (no space, no quote).

    >>> segment("a b/c"), segment("")
    ('a~20b~2Fc', '~')
    """
    if not text:
        return "~"
    safe = _UNSAFE.sub(lambda m: _escape(m.group()), text)
    return safe if safe.strip(".") else safe.replace(".", "~2E")


def stem(iri: str) -> str | None:
    """Return the site path (no suffix) of a resource's files, None if it cannot have any.

    >>> stem("https://w3id.org/csrgraph/ontology#Claim") is None
    True
    >>> stem("https://w3id.org/csrgraph/_refs/x")
    '~5Frefs/x'

    """
    if "#" in iri:
        return None
    if iri.startswith(BASE):
        local = iri[len(BASE) :]
        if not local:
            return None
        parts = [segment(p) for p in local.split("/")]
        first = parts[0]
        if first.split(".")[0].lower() in RESERVED or first.startswith("_"):
            parts[0] = _escape(first[0]) + first[1:]
        return "/".join(parts)
    scheme, sep, rest = iri.partition("://")
    if not sep or scheme not in ("http", "https") or not rest:
        return None
    return "/".join(["ext", scheme, *(segment(p) for p in rest.split("/"))])


def check_unique(stems: Mapping[str, str]) -> None:
    """Refuse two resources whose files would be the same on a case-insensitive disk.

    Compares every file and folder a stem makes (case folded) with the others' and with the
    builder's own files, so no page silently overwrites another.

    >>> check_unique({"https://w3id.org/csrgraph/concept/Foo": "concept/Foo"})
    >>> check_unique({"https://w3id.org/csrgraph/concept/Foo": "concept/Foo",
    ...               "https://w3id.org/csrgraph/concept/foo": "concept/foo"})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: https://.../concept/Foo and ... the same file concept/foo.ttl ...
    """
    files = dict.fromkeys(
        ("index.html", "index.de.html", "style.css", ".htaccess", ".csrgraph-site"),
        "the site's own file",
    )
    folders = dict.fromkeys(("list", "_search", "_refs"), "the site's own folder")
    for iri in sorted(stems):
        path = stems[iri].casefold()
        for name in (path + ".ttl", path + ".jsonld", *(page(path, lang) for lang in LANGUAGES)):
            clash = files.get(name) or folders.get(name)
            if clash:
                raise InputError(
                    f"{clash} and {iri} map to the same file {name} (file names that differ "
                    "only in case clash on many disks)"
                )
            files[name] = iri
        for i in range(1, path.count("/") + 1):
            folder = "/".join(path.split("/")[:i])
            if folder in files:
                raise InputError(f"{files[folder]} and {iri} map to the same path {folder}")
            folders.setdefault(folder, iri)


def other(lang: str) -> str:
    """Return the site's other language.

    >>> other("de")
    'en'
    """
    return next(x for x in LANGUAGES if x != lang)


def page(stem_: str, lang: str) -> str:
    """Return the HTML page of a stem in a language."""
    return f"{stem_}.{lang}.html"


def home(lang: str) -> str:
    """Return the home page of a language (``index.html`` is the default language's).

    >>> home("en"), home("de")
    ('index.html', 'index.de.html')
    """
    return HOME if lang == DEFAULT_LANGUAGE else f"index.{lang}.html"


def root_of(path: str) -> str:
    """Return the relative path from the file ``path`` back to the site's folder.

    >>> root_of("a/b/c.html"), root_of("index.html")
    ('../../', '')
    """
    return "../" * path.count("/")


def relative(source: str, target: str) -> str:
    """Return the link from the file ``source`` to the file ``target`` (both site paths).

    >>> relative("a/b.html", "a/c.html"), relative("a/b.html", "d/e.html")
    ('c.html', '../d/e.html')
    """
    src = source.split("/")[:-1]
    dst = target.split("/")
    common = 0
    while common < min(len(src), len(dst) - 1) and src[common] == dst[common]:
        common += 1
    return "../" * (len(src) - common) + "/".join(dst[common:])


def _weights(header: str) -> list[tuple[str, float]]:
    """Return the entries of an ``Accept``-style header with their q-values (1 when absent).

    >>> _weights("text/turtle;q=0, text/html ; q=0.5, */*")
    [('text/turtle', 0.0), ('text/html', 0.5), ('*/*', 1.0)]
    """
    out = []
    for entry in header.lower().split(","):
        name, *params = (part.strip() for part in entry.split(";"))
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        if name:
            out.append((name, weight if 0 <= weight <= 1 else 0.0))
    return out


def choose(accept: str, accept_language: str = "") -> tuple[str, str]:
    """Return (suffix, language) for a request: the negotiation ``.htaccess`` writes down.

    Turtle or JSON-LD when the ``Accept`` header names them (with a q-value above zero),
    else HTML; German HTML when the first language (above zero) of ``Accept-Language`` is
    ``de``, else the default language.

    >>> choose("text/turtle")
    ('.ttl', 'en')
    >>> choose("text/turtle;q=0, text/html")
    ('.html', 'en')
    >>> choose("text/html,*/*", "de-DE,de;q=0.9")
    ('.html', 'de')
    """
    named = {media for media, weight in _weights(accept) if weight > 0}
    for media, suffix in MEDIA_TYPES.items():
        if media != "text/html" and media in named:
            return suffix, DEFAULT_LANGUAGE
    languages = [tag for tag, weight in _weights(accept_language) if weight > 0]
    first = languages[0] if languages else ""
    lang = "de" if first == "de" or first.startswith("de-") else DEFAULT_LANGUAGE
    return ".html", lang


def target(stem_: str, accept: str, accept_language: str = "") -> str:
    """Return the file a request for a resource gets.

    >>> target("task/x", "application/ld+json")
    'task/x.jsonld'
    """
    suffix, lang = choose(accept, accept_language)
    return page(stem_, lang) if suffix == ".html" else stem_ + suffix


def check_base_url(url: str) -> str:
    """Return ``url`` (ending in ``/``) if it is an absolute http(s) URL safe in ``.htaccess``.

    >>> check_base_url("https://example.org/site")
    'https://example.org/site/'
    >>> check_base_url("javascript:alert(1)//")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: base_url 'javascript:alert(1)//': give an absolute http(s) URL...
    """
    import urllib.parse

    from csrgraph.arguments import check_iri
    from csrgraph.errors import UsageError

    error = UsageError(
        f"{{base_url}} {url!r}: give an absolute http(s) URL such as https://example.org/site/",
        parameter="base_url",
    )
    try:
        check_iri(url, "base-url")
        parts = urllib.parse.urlsplit(url)
    except (UsageError, ValueError):
        raise error from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or re.search(r"['$]|%[0-9{]", url)  # quotes, mod_rewrite back-references
    ):
        raise error
    return url if url.endswith("/") else url + "/"


def _unescape(segment: str) -> str:
    """Return the IRI segment a site segment came from (``~XX`` bytes decoded)."""
    return re.sub(
        r"(?:~[0-9A-F]{2})+", lambda m: bytes.fromhex(m.group().replace("~", "")).decode(), segment
    )


#: ``RewriteCond`` patterns that refuse a media type or language given with q=0.
_Q_ZERO = r"[^,]*;\s*q=0(\.0*)?\s*(,|$)"


def htaccess(base_url: str, prefixes: list[str]) -> str:
    r"""Return w3id.org-style rewrite rules: each IRI pattern to its file on ``base_url``.

    ``prefixes`` are the first path segments of the site's resources (``statement``,
    ``task``, ...); one block of rules each, so an IRI outside them is not redirected.

    >>> print(htaccess("https://example.org/site/", ["task"]).splitlines()[4])
    RewriteRule ^$ https://example.org/site/index.html [R=303,L]
    """
    base = check_base_url(base_url)
    lines = [
        "# Redirects for https://w3id.org/csrgraph/ (written by csrgraph site).",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
        f"RewriteRule ^$ {base}{HOME} [R=303,L]",
    ]
    for prefix in sorted(set(prefixes)):
        iri_prefix = _unescape(prefix)
        if _UNSAFE.search(iri_prefix):
            continue
        pattern = f"^{re.escape(iri_prefix)}/(.+)$"
        lines += [
            "",
            f"# {iri_prefix}/...",
            "RewriteCond %{HTTP_ACCEPT} text/turtle",
            f"RewriteCond %{{HTTP_ACCEPT}} !text/turtle{_Q_ZERO}",
            f"RewriteRule {pattern} {base}{prefix}/$1.ttl [R=303,L]",
            r"RewriteCond %{HTTP_ACCEPT} application/ld\+json",
            f"RewriteCond %{{HTTP_ACCEPT}} !application/ld\\+json{_Q_ZERO}",
            f"RewriteRule {pattern} {base}{prefix}/$1.jsonld [R=303,L]",
            r"RewriteCond %{HTTP:Accept-Language} ^\s*de(-|;|,|\s|$)",
            f"RewriteCond %{{HTTP:Accept-Language}} !^\\s*de{_Q_ZERO}",
            f"RewriteRule {pattern} {base}{prefix}/$1.de.html [R=303,L]",
            f"RewriteRule {pattern} {base}{prefix}/$1.{DEFAULT_LANGUAGE}.html [R=303,L]",
        ]
    return "\n".join(lines) + "\n"
