"""Where each resource's files lie, and which one a request gets (content negotiation).

A resource ``https://w3id.org/csrgraph/PATH`` lives at ``PATH`` in the site; any other IRI
``scheme://HOST/PATH`` at ``ext/HOST/PATH``. Beside that stem lie ``STEM.en.html``,
``STEM.de.html``, ``STEM.ttl`` and ``STEM.jsonld``. The same table drives the ``.htaccess``
rules written for the published site and ``csrgraph serve``.

>>> stem("https://w3id.org/csrgraph/statement/F27")
'statement/F27'
>>> stem("http://data.europa.eu/esco/skill/x y")
'ext/data.europa.eu/esco/skill/x~20y'
>>> page("statement/F27", "de")
'statement/F27.de.html'
"""

from __future__ import annotations

import re

BASE = "https://w3id.org/csrgraph/"
LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"
HOME = "index.html"

#: media type -> the suffix of the file that holds it (HTML: per language).
MEDIA_TYPES = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", "text/html": ".html"}

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]")


def _segment(text: str) -> str:
    """Return one path segment safe for a file name (``~XX`` for other bytes)."""
    safe = _UNSAFE.sub(lambda m: "".join(f"~{b:02X}" for b in m.group().encode()), text)
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
    else:
        scheme, sep, rest = iri.partition("://")
        if not sep or scheme not in ("http", "https"):
            return None
        local = "ext/" + rest
    parts = [_segment(p) for p in local.split("/") if p]
    if not parts:
        return None
    if parts[0].startswith("_"):  # the site's own folders (_search, _refs) start with "_"
        parts[0] = "~5F" + parts[0][1:]
    return "/".join(parts)


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


def choose(accept: str, accept_language: str = "") -> tuple[str, str]:
    """Return (suffix, language) for a request: the negotiation ``.htaccess`` writes down.

    Turtle or JSON-LD when the ``Accept`` header names them, else HTML; German HTML when
    ``Accept-Language`` starts with ``de``, else the default language.

    >>> choose("text/turtle")
    ('.ttl', 'en')
    >>> choose("text/html,*/*", "de-DE,de;q=0.9")
    ('.html', 'de')
    """
    accept = accept.lower()
    for media, suffix in MEDIA_TYPES.items():
        if media != "text/html" and media in accept:
            return suffix, DEFAULT_LANGUAGE
    lang = "de" if accept_language.strip().lower().startswith("de") else DEFAULT_LANGUAGE
    return ".html", lang


def target(stem_: str, accept: str, accept_language: str = "") -> str:
    """Return the file a request for a resource gets.

    >>> target("task/x", "application/ld+json")
    'task/x.jsonld'
    """
    suffix, lang = choose(accept, accept_language)
    return page(stem_, lang) if suffix == ".html" else stem_ + suffix


def htaccess(base_url: str, prefixes: list[str]) -> str:
    r"""Return w3id.org-style rewrite rules: each IRI pattern to its file on ``base_url``.

    ``prefixes`` are the first path segments of the site's resources (``statement``,
    ``task``, ...); one block of rules each, so an IRI outside them is not redirected.

    >>> print(htaccess("https://example.org/site/", ["task"]).splitlines()[4])
    RewriteRule ^$ https://example.org/site/index.html [R=303,L]
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    lines = [
        "# Redirects for https://w3id.org/csrgraph/ (written by csrgraph site).",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
        f"RewriteRule ^$ {base}{HOME} [R=303,L]",
    ]
    for prefix in sorted(set(prefixes)):
        pattern = f"^({re.escape(prefix)}/.+)$"
        lines += [
            "",
            f"# {prefix}/...",
            "RewriteCond %{HTTP_ACCEPT} text/turtle",
            f"RewriteRule {pattern} {base}$1.ttl [R=303,L]",
            r"RewriteCond %{HTTP_ACCEPT} application/ld\+json",
            f"RewriteRule {pattern} {base}$1.jsonld [R=303,L]",
            "RewriteCond %{HTTP:Accept-Language} ^de",
            f"RewriteRule {pattern} {base}$1.de.html [R=303,L]",
            f"RewriteRule {pattern} {base}$1.{DEFAULT_LANGUAGE}.html [R=303,L]",
        ]
    return "\n".join(lines) + "\n"
