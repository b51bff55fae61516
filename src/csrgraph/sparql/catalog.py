"""The bundled query catalogue: ``queries/*.rq`` and their grlc-style ``#+`` headers.

A query file opens with decorator comments, so the file stays plain SPARQL 1.1::

    #+ summary: Pay by years of experience
    #+ description: Annual pay in USD by experience band.
    #+ tags:
    #+   - pay
    #+ defaults:
    #+   - authority_iri: https://w3id.org/csrgraph/org/bls
    #+ page_size: 1000

``page_size`` (a csrgraph key) is how many rows the CLI shows of a query whose answer can be
long (over a full O*NET import, say) unless ``--limit`` says otherwise.
Parameters follow the grlc/BASIL convention: a variable ``?_name`` (or ``?__name``, optional)
is the parameter ``name``. A name ending in ``_iri`` takes an IRI; any other takes a literal
typed like its default (an integer, a decimal, ``true``/``false``, else a string).
``?_lang`` is filled from the ``--lang`` option unless given explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from csrgraph import resources
from csrgraph.errors import InputError, UsageError

#: The largest query file read (stdin, a pipe or a device is read up to this many bytes);
#: a query longer than the check accepts is refused after it is read.
MAX_QUERY_FILE_BYTES = 1024 * 1024

_HEADER = re.compile(r"^#\+ ?(.*)$")
_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")
_PARAM = re.compile(r"[?$](_{1,2})([A-Za-z][A-Za-z0-9_]*)")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Param:
    """One query parameter: its name, default (text, or None) and kind."""

    name: str
    default: str | None = None
    optional: bool = False

    @property
    def kind(self) -> str:
        """Return ``iri``, ``integer``, ``decimal``, ``boolean`` or ``string``.

        >>> Param("authority_iri").kind, Param("year", "2017").kind, Param("lang", "en").kind
        ('iri', 'integer', 'string')
        """
        if self.name.endswith("_iri"):
            return "iri"
        default = self.default or ""
        if re.fullmatch(r"[+-]?\d+", default):
            return "integer"
        if re.fullmatch(r"[+-]?\d*\.\d+", default):
            return "decimal"
        if default in ("true", "false"):
            return "boolean"
        return "string"

    @property
    def variable(self) -> str:
        """Return the SPARQL variable name (without ``?``) that carries this parameter."""
        return ("__" if self.optional else "_") + self.name


@dataclass(frozen=True)
class Query:
    """A SPARQL query with its header metadata."""

    name: str
    text: str
    path: Path | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    header: dict[str, object] = field(default_factory=dict, compare=False)
    #: the file as the user gave it (``sub/q2.rq``, ``<stdin>``); empty for a bundled query
    source: str = ""

    @property
    def label(self) -> str:
        """How messages name the query: the file as given, else its name.

        >>> Query("q2", "ASK {}", source="sub/q2.rq").label, Query("tasks", "ASK {}").label
        ('sub/q2.rq', 'tasks')
        """
        return self.source or self.name

    @property
    def page_size(self) -> int | None:
        """Return the rows of one page the header declares (``#+ page_size: 1000``), or None.

        The CLI shows one page of such a query unless ``--limit`` says otherwise.

        >>> Query("q", "ASK {}", header={"page_size": "500"}).page_size
        500
        >>> Query("q", "ASK {}").page_size is None
        True
        >>> Query("q", "ASK {}", header={"page_size": "\u00b2"}).page_size is None  # "²"
        True
        """
        from csrgraph.arguments import ascii_integer

        size = ascii_integer(str(self.header.get("page_size") or ""))
        return size if size is not None and size > 0 else None

    def param(self, name: str) -> Param | None:
        """Return the parameter called ``name`` (with or without leading underscores)."""
        name = name.lstrip("_")
        return next((p for p in self.params if p.name == name), None)


def _scalar(text: str) -> str:
    """Strip YAML-style quotes from a scalar value."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def parse_header(text: str) -> dict[str, object]:
    r"""Parse the leading ``#+`` lines: ``key: value``, or ``key:`` then ``- item`` lines.

    List items may be scalars or ``name: value`` pairs (as grlc's ``defaults``); an indented
    line continues the previous value.

    >>> parse_header("#+ summary: Tasks\n#+ tags:\n#+   - work\n"
    ...              "#+ defaults:\n#+   - lang: de\nSELECT")
    {'summary': 'Tasks', 'tags': ['work'], 'defaults': [{'lang': 'de'}]}
    """
    header: dict[str, object] = {}
    key: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER.match(stripped)
        if match is None:
            if stripped.startswith("#"):
                continue  # an ordinary comment among the decorators
            break
        body = match.group(1)
        item = body.strip()
        if item.startswith("- ") or item == "-":
            if key is None:
                continue
            value = item[1:].strip()
            pair = _KEY.match(value)
            entry: object = {pair.group(1): _scalar(pair.group(2))} if pair else _scalar(value)
            current = header.get(key)
            if not isinstance(current, list):
                current = []
                header[key] = current
            current.append(entry)
            continue
        pair = _KEY.match(item)
        if pair is None or body.startswith(" "):
            # an indented line continues the previous scalar (a folded description)
            if key is not None and isinstance(header.get(key), str) and item:
                header[key] = f"{header[key]} {item}"
            continue
        key, value = pair.group(1), pair.group(2)
        header[key] = _scalar(value) if value.strip() else []
    return header


def _defaults(header: dict[str, object]) -> dict[str, str]:
    """Return the ``defaults`` entries of a header as a name -> text dict."""
    result: dict[str, str] = {}
    raw = header.get("defaults")
    if isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, dict):
                result.update({str(k).lstrip("_"): str(v) for k, v in entry.items()})
    return result


def parameter_names(text: str) -> list[tuple[str, bool]]:
    """Return ``(name, optional)`` for each ``?_name`` variable, in order of first use.

    Comments, strings and IRIs are skipped, so ``"?_x"`` in a literal is not a parameter.

    >>> parameter_names('SELECT * { ?s ?p ?_value ; ?q ?__note . FILTER(?o != "?_no") }')
    [('value', False), ('note', True)]
    """
    from csrgraph.sparql.lexer import variable_names

    seen: dict[str, bool] = {}
    for variable in variable_names(text):
        match = _PARAM.fullmatch(variable)
        if match and match.group(2) not in seen:
            seen[match.group(2)] = len(match.group(1)) == 2
    return list(seen.items())


def query_from_text(
    text: str, *, name: str = "<query>", path: Path | None = None, source: str = ""
) -> Query:
    r"""Build a :class:`Query` from SPARQL text, reading its header and parameters.

    >>> q = query_from_text("#+ summary: Labels\n#+ defaults:\n#+   - lang: de\n"
    ...                     "SELECT ?l { ?s ?p ?l FILTER(lang(?l) = ?_lang) }")
    >>> q.summary, [(p.name, p.default) for p in q.params]
    ('Labels', [('lang', 'de')])
    """
    from csrgraph.sparql.services import parameterise_services

    header = parse_header(text)
    defaults = _defaults(header)
    text = parameterise_services(text, defaults)  # SERVICE <default> reads as its parameter
    tags = header.get("tags")
    params = tuple(
        Param(pname, defaults.get(pname), optional) for pname, optional in parameter_names(text)
    )
    return Query(
        name=name,
        text=text,
        path=path,
        summary=str(header.get("summary") or ""),
        description=str(header.get("description") or ""),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        params=params,
        header=header,
        source=source,
    )


def query_from_file(path: str | Path, *, bundled: bool = False) -> Query:
    """Read a ``.rq`` file (``-`` is stdin) into a :class:`Query` named after the file.

    The name is the file's stem; messages about a user's file name it as given (its
    :attr:`Query.label`), a bundled one (``bundled=True``) by its name.

    >>> query_from_file("missing.rq")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: missing.rq: no such file
    """
    from csrgraph.graph.reading import decode_utf8, display_name, is_regular, read_bytes

    name = display_name(path)
    try:
        size = Path(path).stat().st_size if is_regular(path) else 0
    except OSError:
        size = 0  # reading it says what is wrong
    if size > MAX_QUERY_FILE_BYTES:
        raise InputError(f"{name}: a query file of more than {MAX_QUERY_FILE_BYTES:,} bytes")
    text = decode_utf8(read_bytes(path, limit=MAX_QUERY_FILE_BYTES), name)
    stem = Path(str(path)).stem if str(path) != "-" else name
    return query_from_text(
        text,
        name=stem,
        path=None if str(path) == "-" else Path(path),
        source="" if bundled else name,
    )


@cache
def _catalog() -> dict[str, Query]:
    """Read every bundled query once per process."""
    queries = {}
    for path in sorted(resources.queries_dir().glob("*.rq")):
        query = query_from_file(path, bundled=True)
        queries[query.name] = query
    return queries


def list_queries() -> list[Query]:
    """Return the bundled queries, sorted by name.

    >>> all(q.name for q in list_queries())
    True
    """
    return list(_catalog().values())


def get_query(name: str) -> Query:
    """Return the bundled query called ``name``; an unknown name suggests the closest ones.

    Reads ``queries/<name>.rq`` alone; the whole catalogue is listed only for a name that is
    not there, to suggest the closest names.

    >>> get_query("no-such-query-at-all")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: unknown query 'no-such-query-at-all'; see `csrgraph queries`
    """
    listed = _catalog.cache_info().currsize > 0  # the catalogue was read in this process
    query = _catalog().get(name) if listed else _bundled_query(name)
    if query is not None:
        return query
    import difflib

    close = difflib.get_close_matches(name, list(_catalog()), n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else "; see `csrgraph queries`"
    raise UsageError(f"unknown query {name!r}{hint}")


def _bundled_query(name: str) -> Query | None:
    """Read the bundled file ``queries/<name>.rq``, or return None when there is none.

    Only a plain file name is looked up, so a name cannot reach outside the folder.
    """
    if not _NAME.fullmatch(name):
        return None
    path = resources.queries_dir() / f"{name}.rq"
    if not path.is_file():
        return None
    return query_from_file(path, bundled=True)
