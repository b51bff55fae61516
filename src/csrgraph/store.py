"""Talk to a SPARQL 1.1 triple store: query it, update it, and load a graph into it safely.

Only the W3C protocols every store implements are spoken, over ``requests``:

* the SPARQL 1.1 Protocol for queries (:func:`sparql_query`, :func:`count_triples`);
* SPARQL 1.1 Update for the swap that makes a load atomic (:func:`sparql_update`);
* the SPARQL 1.1 Graph Store HTTP Protocol for the upload itself (:func:`load`).

A load never writes into the target graph directly. It uploads into a fresh temporary graph,
checks that the store kept every triple, and then moves that graph onto the target with one
SPARQL Update request (``MOVE`` to replace, ``ADD`` + ``DROP`` to append), which a store runs
as one transaction. If anything fails before the swap, the target is untouched and the
temporary graph is dropped (or, when the store is gone, named in the error message).

Credentials come from the environment, never from arguments: ``CSRGRAPH_STORE_USER`` and
``CSRGRAPH_STORE_PASSWORD`` (HTTP Basic, or Digest when the store asks for it), or
``CSRGRAPH_STORE_TOKEN`` (a bearer token); without them ``requests`` reads ``~/.netrc``.
They never appear in a message. HTTPS certificates are always verified (``REQUESTS_CA_BUNDLE``
names a private CA bundle).

>>> endpoints_for("http://127.0.0.1:7878/store").query
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from csrgraph.errors import InputError, QueryError, StoreError, StoreRefused, UsageError

# StoreRefused is imported here too, as before it moved to errors.py: store.StoreRefused works.

if TYPE_CHECKING:
    import pyoxigraph
    import requests

#: Seconds to wait for a connection and then for each answer, unless the caller says otherwise.
DEFAULT_TIMEOUT = 120.0
#: A store answers an upload or the swap only when it has written everything, so without a
#: timeout from the caller those waits get this many extra seconds per triple.
SECONDS_PER_TRIPLE = 1 / 2000
#: Pauses (seconds) before the retries of a request that is safe to repeat.
RETRY_DELAYS = (0.25, 0.5, 1.0)
#: Answers after which a safe request is repeated.
_RETRY_STATUS = frozenset({429, 502, 503, 504})
# 5xx answers that say the server does not do the request at all, so it wrote nothing.
_NOT_DONE_STATUS = frozenset({501, 505})
_CHUNK = 1 << 20

ENV_USER = "CSRGRAPH_STORE_USER"
ENV_PASSWORD = "CSRGRAPH_STORE_PASSWORD"
ENV_TOKEN = "CSRGRAPH_STORE_TOKEN"

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Layout:
    """Where one kind of store puts its three endpoints, relative to a common base URL."""

    name: str
    store: str
    query: str
    update: str


#: The URL layouts csrgraph knows, as paths after the server's base URL (``ds``: a Fuseki
#: dataset, ``ID``: a GraphDB repository).
LAYOUTS: tuple[Layout, ...] = (
    Layout("Oxigraph", "/store", "/query", "/update"),
    Layout("Fuseki", "/ds/data", "/ds/query", "/ds/update"),
    Layout(
        "GraphDB",
        "/repositories/ID/rdf-graphs/service",
        "/repositories/ID",
        "/repositories/ID/statements",
    ),
    Layout("Virtuoso", "/sparql-graph-crud-auth", "/sparql", "/sparql-auth"),
)

# How to find the query and update endpoints from a Graph Store endpoint: (path suffix, query
# suffix, update suffix), tried in order.
_DERIVE: tuple[tuple[str, str, str], ...] = (
    (r"/store", "/query", "/update"),  # Oxigraph
    (r"/(?P<ds>[^/]+)/data", "/{ds}/query", "/{ds}/update"),  # Fuseki
    (r"/repositories/(?P<id>[^/]+)/rdf-graphs/service", "/repositories/{id}",
     "/repositories/{id}/statements"),  # GraphDB, RDF4J
    (r"/sparql-graph-crud-auth", "/sparql", "/sparql-auth"),  # Virtuoso, authenticated
    (r"/sparql-graph-crud", "/sparql", "/sparql"),  # Virtuoso, open
)  # fmt: skip


def layouts_hint() -> str:
    """Return the known URL layouts as one line, for error messages and help texts.

    >>> "Oxigraph" in layouts_hint()
    True
    """
    parts = [f"{layout.name} {layout.store}, {layout.query}, {layout.update}" for layout in LAYOUTS]
    return "known layouts (Graph Store, query, update endpoint): " + "; ".join(parts)


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of one store: Graph Store protocol, SPARQL query, SPARQL update."""

    store: str
    query: str
    update: str


def endpoints_for(store: str, *, query: str | None = None, update: str | None = None) -> Endpoints:
    """Return the endpoints of the store whose Graph Store endpoint is ``store``.

    The query and update endpoints are taken from ``query`` and ``update`` when given, else
    derived from ``store`` for the layouts of :data:`LAYOUTS`.

    Raises:
        UsageError: ``store`` is not an http(s) URL, or its layout is unknown and an
            endpoint was not given.

    >>> endpoints_for("https://db.example/repositories/esco/rdf-graphs/service").update
    'https://db.example/repositories/esco/statements'
    >>> endpoints_for("http://localhost:3030/ds/data").query
    'http://localhost:3030/ds/query'

    """
    for url in (store, query, update):
        if url is not None:
            _check_url(url)
    parts = urlsplit(store)
    path = parts.path.rstrip("/")
    derived_query = derived_update = None
    for pattern, query_suffix, update_suffix in _DERIVE:
        match = re.fullmatch(f"(?P<prefix>.*){pattern}", path)
        if match:
            groups = match.groupdict()
            prefix = groups.pop("prefix")

            def rebuild(suffix: str, groups: dict[str, str] = groups, prefix: str = prefix) -> str:
                return urlunsplit(parts._replace(path=prefix + suffix.format(**groups)))

            derived_query, derived_update = rebuild(query_suffix), rebuild(update_suffix)
            break
    query = query or derived_query
    update = update or derived_update
    if query is None or update is None:
        raise UsageError(
            f"cannot tell the query and update endpoints from --store {redact(store)}: "
            f"give --query-endpoint and --update-endpoint; {layouts_hint()}"
        )
    return Endpoints(store=store, query=query, update=update)


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise UsageError(f"not a usable URL: {redact(url)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {redact(url)!r}")


#: Query parameters whose values are credentials, compared in lower case with ``-`` read as
#: ``_``; a name that contains one of :data:`_SECRET_WORDS` counts too (``x-api-key``).
SECRET_PARAMETERS = frozenset(
    {"token", "key", "apikey", "api_key", "password", "passwd", "secret", "auth",
     "access_token", "sig", "signature"}
)  # fmt: skip
_SECRET_WORDS = ("token", "secret", "passw", "apikey", "api_key", "signature", "credential")
_HIDDEN = "***"
_PARAMETER = re.compile(r"(?P<name>[^&;=#?]+)=(?P<value>[^&;#]*)")


def _is_secret(name: str) -> bool:
    from urllib.parse import unquote_plus

    key = unquote_plus(name).strip().lower().replace("-", "_")
    return key in SECRET_PARAMETERS or any(word in key for word in _SECRET_WORDS)


def _hide_parameters(text: str) -> str:
    def hide(match: re.Match[str]) -> str:
        if not match["value"] or not _is_secret(match["name"]):
            return match[0]
        return f"{match['name']}={_HIDDEN}"

    return _PARAMETER.sub(hide, text)


def redact(url: str) -> str:
    """Return ``url`` without its user name and password and with credential values blanked.

    The values of query (and fragment) parameters named like credentials (see
    :data:`SECRET_PARAMETERS`) become ``***``; every URL in a message goes through here.

    >>> redact("https://me:secret@db.example/store")
    'https://db.example/store'
    >>> redact("http://db.example/query?token=s3cret&default-graph-uri=urn:g")
    'http://db.example/query?token=***&default-graph-uri=urn:g'
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket: blank by pattern alone
        without_user = re.sub(r"(?<=//)[^/?#]*@", "", url)
        return _hide_parameters(without_user)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit(
        parts._replace(
            netloc=netloc,
            query=_hide_parameters(parts.query),
            fragment=_hide_parameters(parts.fragment),
        )
    )


def _secrets(url: str) -> list[str]:
    """Return the secret values ``url`` and the environment carry, as they may be echoed."""
    from urllib.parse import unquote_plus

    found: list[str] = []
    try:
        parts = urlsplit(url)
        userinfo = parts.netloc.rpartition("@")[0]
    except ValueError:
        parts, userinfo = None, ""
    if userinfo:
        found += [userinfo, *userinfo.split(":", 1)]
    for text in (parts.query, parts.fragment) if parts is not None else (url,):
        for match in _PARAMETER.finditer(text):
            if match["value"] and _is_secret(match["name"]):
                found += [match["value"], unquote_plus(match["value"])]
    found += [os.environ.get(ENV_TOKEN) or "", os.environ.get(ENV_PASSWORD) or ""]
    # longest first, so that a value is not half-replaced by a shorter one inside it
    return sorted({value for value in found if len(value) >= 4}, key=len, reverse=True)


def _scrub(text: str, url: str) -> str:
    """Blank every secret of ``url`` (and of the environment) in text a server sent back."""
    for secret in _secrets(url):
        text = text.replace(secret, _HIDDEN)
    return text


# --- HTTP -------------------------------------------------------------------------------------


def _session() -> requests.Session:
    """Return a session carrying the credentials from the environment (or ~/.netrc)."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = f"csrgraph/{_version()} {session.headers['User-Agent']}"
    token = os.environ.get(ENV_TOKEN)
    user = os.environ.get(ENV_USER)
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    elif user is not None:
        session.auth = (user, os.environ.get(ENV_PASSWORD, ""))
    # else: requests reads ~/.netrc (trust_env stays on)
    return session


def _version() -> str:
    from csrgraph import __version__

    return __version__


def _credentials_hint() -> str:
    if os.environ.get(ENV_TOKEN):
        return f"the token in {ENV_TOKEN} was refused; check it"
    if os.environ.get(ENV_USER) is not None:
        return f"the user and password in {ENV_USER}/{ENV_PASSWORD} were refused; check them"
    return (
        f"set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN} for a bearer token, "
        "or add the host to ~/.netrc"
    )


def _send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    action: str,
    timeout: float | None,
    safe: bool,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    body: Callable[[], IO[bytes]] | None = None,
) -> requests.Response:
    """Send one request; retry it with backoff only when ``safe``; map failures to errors.

    ``body`` opens the request body afresh for each attempt (a streamed upload), ``data`` is
    a form. ``action`` says in words what the request does, for the error messages.
    """
    import requests

    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    attempts = len(RETRY_DELAYS) + 1 if safe else 1
    digest_tried = False
    written = False  # may an attempt so far have changed what the store holds?
    attempt = 0
    while True:
        stream = body() if body is not None else None
        try:
            response = session.request(
                method,
                url,
                params=params,
                headers=headers,
                data=stream if stream is not None else data,
                timeout=limit,
            )
        except requests.exceptions.ConnectTimeout as err:
            error: StoreError = _unsent(
                StoreError(
                    f"no connection to {redact(url)} within {limit:g} s ({action}); "
                    "is the store running and reachable? (--timeout)"
                )
            )
            cause: Exception = err
        except requests.exceptions.ReadTimeout as err:
            raise StoreError(
                f"no answer from {redact(url)} within {limit:g} s ({action}); "
                "raise --timeout if the store is just slow"
            ) from err
        except requests.exceptions.SSLError as err:  # the handshake comes before the request
            failed = StoreError(
                f"TLS certificate check failed for {redact(url)}; "
                "point REQUESTS_CA_BUNDLE at the store's CA bundle"
            )
            failed.may_have_written = written
            raise failed from err
        except requests.exceptions.ConnectionError as err:
            error, cause = _connection_error(err, url, action), err
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as err:
            raise UsageError(f"not a usable URL: {redact(url)!r}") from err
        except OSError as err:  # reading the upload body failed
            raise InputError(f"cannot read the data to upload: {err.strerror or err}") from err
        else:
            if (
                response.status_code == 401
                and not digest_tried
                and isinstance(session.auth, tuple)
                and "digest" in response.headers.get("WWW-Authenticate", "").lower()
            ):
                from requests.auth import HTTPDigestAuth

                session.auth = HTTPDigestAuth(*session.auth)
                digest_tried = True
                continue
            if response.status_code in _RETRY_STATUS and attempt + 1 < attempts:
                error, cause = _status_error(response, url, action), None  # type: ignore[assignment]
            else:
                if response.status_code >= 400:
                    failed = _status_error(response, url, action)
                    failed.may_have_written = written or failed.may_have_written
                    raise failed
                return response
        finally:
            if stream is not None:
                stream.close()
        written = written or error.may_have_written
        attempt += 1
        if attempt >= attempts:
            error.may_have_written = written
            raise error from cause
        time.sleep(RETRY_DELAYS[attempt - 1])


def _connection_error(err: Exception, url: str, action: str) -> StoreError:
    """Say in one line why a connection failed, from the exception chain."""
    text = repr(err)
    host = urlsplit(url).hostname or redact(url)
    if "NameResolutionError" in text or "getaddrinfo" in text or "Name or service" in text:
        return _unsent(
            StoreError(f"cannot resolve the host name {host!r} of {redact(url)} ({action})")
        )
    if "Connection refused" in text or "ConnectionRefused" in text:
        return _unsent(
            StoreError(
                f"cannot connect to {redact(url)}: connection refused ({action}); "
                "is the store running on that host and port?"
            )
        )
    if "Connection reset" in text or "Broken pipe" in text or "RemoteDisconnected" in text:
        return StoreError(f"the connection to {redact(url)} was lost ({action})")
    return StoreError(f"cannot reach {redact(url)} ({action}): {type(err).__name__}")


def _unsent(error: StoreError) -> StoreError:
    """Mark an error after which the request cannot have reached the store."""
    error.may_have_written = False
    return error


def _status_error(response: requests.Response, url: str, action: str) -> StoreError:
    """Turn an HTTP error answer into one line that says what to do.

    The error carries ``http_status``. A 4xx answer (405 method not allowed among them) says
    the store did not do it, and so do 501 not implemented and 505 (the server does not
    support the request at all); after any other 5xx the store may have written part of it
    (``may_have_written``).
    """
    status = response.status_code
    error = _status_message(response, url, action)
    error.http_status = status  # type: ignore[attr-defined]
    error.may_have_written = status >= 500 and status not in _NOT_DONE_STATUS
    return error


def _status_message(response: requests.Response, url: str, action: str) -> StoreError:
    status = response.status_code
    where = f"{response.request.method} {redact(url)}"
    if status in (401, 403):
        word = "unauthorised" if status == 401 else "forbidden"
        return StoreError(
            f"the store answered {status} {word} to {where} ({action}): " + _credentials_hint()
        )
    if status == 404:
        return StoreError(
            f"the store answered 404 not found to {where} ({action}): the URL layout is "
            f"probably wrong; {layouts_hint()}"
        )
    if status == 405:
        return StoreError(
            f"the store answered 405 method not allowed to {where} ({action}): this is probably "
            f"not the right endpoint for it; {layouts_hint()}"
        )
    if status == 413:
        return StoreRefused(
            f"the store answered 413, the request is too large, to {where} ({action}): "
            "raise the store's request size limit, or split the data with several --append loads"
        )
    message = _scrub(_server_message(response), url)
    if status >= 500:
        return StoreError(f"the store failed with {status} on {where} ({action}): {message}")
    return StoreRefused(f"the store refused {where} with {status} ({action}): {message}")


def _server_message(response: requests.Response, limit: int = 300) -> str:
    """Return the start of the server's error text, on one line."""
    text = response.content[: limit * 4].decode("utf-8", "replace")
    if "<html" in text[:200].lower() or "<!doctype" in text[:200].lower():
        text = _flatten_html(text)
    text = " ".join(text.split()) or response.reason or "no message"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flatten_html(text: str) -> str:
    """Return the text of an HTML error page, without scripts, styles or a repeated heading.

    Error pages often repeat their ``<title>`` as the first heading; a text block equal to
    the one before it is dropped.

    >>> _flatten_html("<html><head><title>Error</title><style>p{}</style></head>"
    ...               "<body><h1>Error</h1><p>Code: 501 &amp; more</p></body></html>")
    'Error Code: 501 & more'
    """
    import html

    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    blocks: list[str] = []
    for raw in re.split(r"<[^>]*>", text):
        block = " ".join(html.unescape(raw).split())
        if block and (not blocks or blocks[-1] != block):
            blocks.append(block)
    return " ".join(blocks)


def _media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


# --- SPARQL 1.1 Protocol and Update ---------------------------------------------------------


_UPDATE_WORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def query_form(query: str) -> str:
    """Return ``"SELECT"``, ``"ASK"`` or ``"GRAPH"`` (CONSTRUCT, DESCRIBE) for a SPARQL query.

    The query is parsed by Oxigraph's parser; nothing is evaluated.

    Raises:
        QueryError: the text is not a SPARQL 1.1 query (an update is refused: read-only).

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("DESCRIBE <https://w3id.org/csrgraph/>")
    'GRAPH'

    """
    import pyoxigraph

    text = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    try:
        # An empty store parses the query; the result is lazy, so nothing is evaluated.
        result = pyoxigraph.Store().query(query)
    except SyntaxError as err:
        if _UPDATE_WORDS.match(text):
            raise QueryError("this is a SPARQL update, and queries are read-only") from err
        first = str(err).splitlines()[0] if str(err) else "syntax error"
        raise QueryError(f"not a SPARQL 1.1 query: {first[:200]}") from err
    if isinstance(result, pyoxigraph.QueryBoolean):
        return "ASK"
    if isinstance(result, pyoxigraph.QueryTriples):
        return "GRAPH"
    return "SELECT"


def sparql_query(endpoint: str, query: str, *, timeout: float | None = None) -> tuple[bytes, str]:
    """Run ``query`` on a remote SPARQL endpoint; return the answer's body and media type.

    The query goes by the SPARQL 1.1 Protocol as a form-encoded POST (the one form every store
    accepts). SELECT and ASK ask for ``application/sparql-results+json``, CONSTRUCT and
    DESCRIBE for ``application/n-triples``; the media type returned is one of these two. A
    query is safe to repeat, so a dropped connection or a busy store (429, 502-504) is retried
    with backoff. ``timeout`` (seconds, default :data:`DEFAULT_TIMEOUT`) bounds the connection
    and each wait for an answer.

    Raises:
        QueryError: the text is not a SPARQL 1.1 query, or is an update.
        StoreError: the endpoint cannot be reached, refuses, or answers with something else.

    Example (needs a running store)::

        body, media_type = sparql_query("http://127.0.0.1:7878/query", "ASK {}")

    """
    _check_url(endpoint)
    form = query_form(query)
    accept = SPARQL_JSON if form != "GRAPH" else f"{N_TRIPLES}, text/plain;q=0.5"
    with _session() as session:
        response = _send(
            session,
            "POST",
            endpoint,
            action=f"{'SPARQL ' + form if form != 'GRAPH' else 'SPARQL CONSTRUCT'} query",
            timeout=timeout,
            safe=True,
            headers={"Accept": accept},
            data={"query": query},
        )
    media_type = _media_type(response)
    body = response.content
    if form != "GRAPH":
        if media_type not in (SPARQL_JSON, "application/json") or not body.lstrip().startswith(
            b"{"
        ):
            raise StoreError(_unexpected(endpoint, SPARQL_JSON, media_type, body))
        _check_complete_json(endpoint, body)
        return body, SPARQL_JSON
    if media_type not in (N_TRIPLES, "text/plain"):
        raise StoreError(_unexpected(endpoint, N_TRIPLES, media_type, body))
    _check_complete_n_triples(endpoint, body)
    return body, N_TRIPLES


def _check_complete_json(endpoint: str, body: bytes) -> None:
    """Refuse a results document that broke off.

    A streaming store that fails half-way writes its error message into the body of an
    answer that began as 200 OK.
    """
    try:
        document = json.loads(body)
    except ValueError as err:
        position = getattr(err, "pos", 0)
        raise StoreError(_broken(endpoint, body, position)) from None
    if not isinstance(document, dict) or "head" not in document:
        raise StoreError(_unexpected(endpoint, SPARQL_JSON, "JSON of another kind", body))


def _check_complete_n_triples(endpoint: str, body: bytes) -> None:
    """Refuse N-Triples that broke off (see :func:`_check_complete_json`)."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_TRIPLES):
            pass
    except SyntaxError as err:
        line = err.lineno or 1
        position = sum(len(row) + 1 for row in body.split(b"\n")[: line - 1])
        raise StoreError(_broken(endpoint, body, position)) from None


def _broken(endpoint: str, body: bytes, position: int) -> str:
    tail = " ".join(body[position : position + 300].decode("utf-8", "replace").split())
    tail = _scrub(tail, endpoint)
    return (
        f"the answer from {redact(endpoint)} broke off after {position} bytes; "
        f"the store said: {tail or 'nothing'}"
    )


def _unexpected(url: str, wanted: str, got: str, body: bytes) -> str:
    start = _scrub(" ".join(body[:80].decode("utf-8", "replace").split()), url)
    return (
        f"{redact(url)} did not answer with {wanted} but with {got or 'no content type'} "
        f"({start!r}...); is this a SPARQL query endpoint? {layouts_hint()}"
    )


def sparql_update(endpoint: str, update: str, *, timeout: float | None = None) -> None:
    """Send a SPARQL 1.1 Update request (form-encoded POST); never retried.

    Raises:
        StoreError: the endpoint cannot be reached, refuses the update, or fails.

    """
    _check_url(endpoint)
    with _session() as session:
        _update(session, endpoint, update, timeout=timeout, action="SPARQL update")


def _update(
    session: requests.Session, endpoint: str, update: str, *, timeout: float | None, action: str
) -> None:
    _send(
        session,
        "POST",
        endpoint,
        action=action,
        timeout=timeout,
        safe=False,
        data={"update": update},
    )


def _count(
    session: requests.Session, endpoint: str, graph: str | None, *, timeout: float | None
) -> int:
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    response = _send(
        session,
        "POST",
        endpoint,
        action="count the triples",
        timeout=timeout,
        safe=True,
        headers={"Accept": SPARQL_JSON},
        data={"query": query},
    )
    try:
        bindings = json.loads(response.content)["results"]["bindings"]
        return int(bindings[0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise StoreError(
            _unexpected(
                endpoint, SPARQL_JSON + " with a count", _media_type(response), response.content
            )
        ) from err


def count_triples(endpoint: str, graph: str | None = None, *, timeout: float | None = None) -> int:
    """Return the number of triples in ``graph`` (an IRI; ``None``: the default graph).

    Raises:
        StoreError: the endpoint cannot be reached or does not answer with a count.

    """
    _check_url(endpoint)
    with _session() as session:
        return _count(session, endpoint, graph, timeout=timeout)


# --- Loading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A graph serialised to N-Triples on disk, ready to upload."""

    path: Path
    triples: int


def prepare(sources: Sequence[str | Path], target: Path) -> Prepared:
    """Parse RDF files strictly and write them as one N-Triples file to ``target``.

    Files are read and checked like every other command reads them (:mod:`csrgraph.graph`:
    UTF-8, no XML entity declarations, format from the suffix or the first bytes) and parsed
    by pyoxigraph, streaming, with blank nodes renamed so that files cannot share one. The
    count is the number of distinct triples, which is what the store will hold.

    Raises:
        InputError: a file cannot be read, holds named graphs or is not valid RDF; the
            message names the file and, for a syntax error, the line and column.

    >>> import tempfile
    >>> from csrgraph.resources import graph_files
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepare(graph_files(), Path(tmp) / "g.nt").triples > 0
    True

    """
    import pyoxigraph

    from csrgraph import graph

    if not sources:
        raise InputError("nothing to load: no data files")
    with target.open("wb") as out:
        for source in sources:
            name = graph.display_name(source)
            data = graph.read_bytes(source)
            graph.decode_utf8(data, name)
            parser = graph.strict_parser(data, graph.guess_format(source, data), name)
            try:
                pyoxigraph.serialize(parser, out, pyoxigraph.RdfFormat.N_TRIPLES)
            except SyntaxError as err:
                raise InputError(graph.syntax_message(err, name)) from None
            except ValueError as err:  # a named graph in a TriG or N-Quads file
                raise InputError(f"{name}: {err}") from None
    return Prepared(path=target, triples=_distinct_lines(target))


def prepare_parsed(triples: Iterable[pyoxigraph.Quad], target: Path) -> Prepared:
    """Write triples parsed already (default-graph quads) as one N-Triples file to ``target``.

    For data that was parsed to be validated (:func:`csrgraph.graph.load_parsed`): what was
    validated is what is sent, and no file is parsed a second time.

    >>> import tempfile
    >>> from csrgraph.graph import load_parsed
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepare_parsed(load_parsed().quads, Path(tmp) / "g.nt").triples > 0
    True

    """
    import pyoxigraph

    with target.open("wb") as out:
        pyoxigraph.serialize(triples, out, pyoxigraph.RdfFormat.N_TRIPLES)
    return Prepared(path=target, triples=_distinct_lines(target))


def _distinct_lines(path: Path) -> int:
    """Count the distinct triples of an N-Triples file Oxigraph wrote.

    Oxigraph writes one canonical line per triple, so equal lines are equal triples.
    """
    with path.open("rb") as lines:
        return len({hash(line) for line in lines})


@dataclass(frozen=True)
class LoadResult:
    """What a load did: how many triples went out and how many the target holds now."""

    endpoints: Endpoints
    graph: str | None
    replace: bool
    sent: int
    stored: int


class _ProgressReader:
    """A file read by ``requests`` in blocks, reporting each block to a callback."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None) -> None:
        self._file = path.open("rb")
        self._progress = progress
        self.len = path.stat().st_size  # requests reads this for the Content-Length

    def read(self, size: int = -1) -> bytes:
        block = self._file.read(_CHUNK if size is None or size < 0 else size)
        if block and self._progress is not None:
            self._progress(len(block))
        return block

    def tell(self) -> int:
        """Return the read position (requests notes it to rewind for an auth retry)."""
        return self._file.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move the read position (requests rewinds the body to answer a Digest challenge)."""
        return self._file.seek(offset, whence)

    def __iter__(self) -> Iterator[bytes]:  # pragma: no cover - requests uses read()
        return iter(lambda: self.read(_CHUNK), b"")

    def close(self) -> None:
        self._file.close()


def temporary_graph() -> str:
    """Return a fresh IRI for the graph an upload goes into before the swap.

    >>> temporary_graph().startswith("urn:uuid:")
    True
    """
    return f"urn:uuid:{uuid.uuid4()}"


def load(
    prepared: Prepared,
    endpoints: Endpoints,
    graph: str | None,
    *,
    replace: bool = True,
    timeout: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Load an N-Triples file into ``graph`` (an IRI; ``None``: the default graph) of a store.

    Steps: (1) PUT the file into a fresh temporary named graph with the Graph Store protocol,
    streamed; (2) count that graph and stop if the store kept fewer triples than were sent;
    (3) one SPARQL Update moves it onto the target: ``MOVE`` with ``replace``, else ``ADD``
    then ``DROP`` of the temporary graph; (4) count the target. Until step 3 the target is
    untouched; a failure drops the temporary graph. ``progress`` gets the number of bytes of
    each block sent. ``timeout`` bounds every wait; by default it is :data:`DEFAULT_TIMEOUT`,
    and for the upload and the swap that plus :data:`SECONDS_PER_TRIPLE` per triple.

    Raises:
        StoreError: the store cannot be reached, refuses or answers wrongly (the target is
            left as it was unless the failure came after the swap).

    """
    temporary = temporary_graph()
    target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
    swap = (
        f"MOVE GRAPH <{temporary}> TO {target}"
        if replace
        else f"ADD GRAPH <{temporary}> TO {target} ;\nDROP GRAPH <{temporary}>"
    )
    # The store answers the upload and the swap only once it has written every triple.
    writing = (
        timeout if timeout is not None else DEFAULT_TIMEOUT + prepared.triples * SECONDS_PER_TRIPLE
    )
    with _session() as session:
        created = swapped = False  # may the temporary graph exist? is it in place?
        try:
            try:
                _send(
                    session,
                    "PUT",
                    endpoints.store,
                    action="upload to a temporary graph",
                    timeout=writing,
                    safe=True,  # PUT replaces the temporary graph: repeating it is harmless
                    params={"graph": temporary},
                    headers={"Content-Type": N_TRIPLES},
                    body=lambda: _ProgressReader(prepared.path, progress),  # type: ignore[return-value]
                )
            except StoreError as err:
                # Nothing sent or refused: nothing created. Cut off, or a 5xx: maybe a part.
                created = err.may_have_written
                raise
            except BaseException:  # e.g. Ctrl-C during the upload
                created = True
                raise
            created = True
            kept = _count(session, endpoints.query, temporary, timeout=timeout)
            if kept < prepared.triples:
                raise StoreError(
                    f"the store kept {kept} of the {prepared.triples} triples sent to the "
                    "temporary graph; the target graph was not touched"
                )
            _update(
                session,
                endpoints.update,
                swap,
                timeout=writing,
                action="swap the uploaded graph into the target",
            )
            swapped = True
        except BaseException as err:
            if created and not swapped:
                left = not _drop_quietly(session, endpoints.update, temporary, timeout=writing)
                if left and isinstance(err, StoreError):
                    raise type(err)(
                        f"{err}; the temporary graph <{temporary}> may be left in the store: "
                        f"remove it with DROP SILENT GRAPH <{temporary}>"
                    ) from err
            raise
        stored = _count(session, endpoints.query, graph, timeout=timeout)
    return LoadResult(
        endpoints=endpoints, graph=graph, replace=replace, sent=prepared.triples, stored=stored
    )


def _drop_quietly(
    session: requests.Session, endpoint: str, graph: str, *, timeout: float | None
) -> bool:
    """Drop the temporary graph after a failed load; return whether that worked.

    One try: the store has just failed, and the first error is the one to report.
    """
    try:
        _send(
            session,
            "POST",
            endpoint,
            action="drop the temporary graph",
            timeout=timeout,
            safe=False,
            data={"update": f"DROP SILENT GRAPH <{graph}>"},
        )
    except (StoreError, InputError, UsageError):
        return False
    return True
