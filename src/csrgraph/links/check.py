"""The link checker: dereference every mapping target over HTTP, with RDF content negotiation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from csrgraph.errors import UsageError
from csrgraph.links.rdf import own_namespace
from csrgraph.links.rules import ensure_valid
from csrgraph.links.sssom import MappingSet, read_mapping_set

#: What the checker asks for: RDF first, then anything (a page that defines the code is fine).
RDF_ACCEPT = (
    "text/turtle, application/n-triples;q=0.95, application/rdf+xml;q=0.9, "
    "application/ld+json;q=0.8, text/html;q=0.3, */*;q=0.1"
)
#: RDF media types, and the pyoxigraph format that parses each (None: recognised only).
RDF_MEDIA_TYPES: dict[str, str | None] = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": None,
    "application/ld+json": None,
}
#: Largest RDF body the checker reads and parses.
MAX_RDF_BYTES = 2_000_000
USER_AGENT = "csrgraph-linkcheck (+https://w3id.org/csrgraph)"


@dataclass(frozen=True)
class LinkStatus:
    """The outcome of checking one target IRI.

    ``result`` is ``ok``, ``broken`` or ``skipped`` (not fetched: an IRI in the dataset's
    own namespace, described in its graph, or not an HTTP IRI).
    """

    object_id: str
    iri: str
    url: str
    result: str
    http_status: int | None = None
    content_type: str = ""
    rdf: bool = False
    detail: str = ""

    @property
    def broken(self) -> bool:
        """True when the link is broken."""
        return self.result == "broken"

    def as_row(self) -> dict[str, str]:
        """Return the status as a flat row of strings (for the formatters)."""
        return {
            "object_id": self.object_id,
            "result": self.result,
            "http_status": "" if self.http_status is None else str(self.http_status),
            "rdf": "yes" if self.rdf else "no",
            "content_type": self.content_type,
            "url": self.url,
            "detail": self.detail,
        }


STATUS_FIELDS = ("object_id", "result", "http_status", "rdf", "content_type", "url", "detail")


def rewrite_url(iri: str, base_url: str | None) -> str:
    """Return the URL to fetch for ``iri``: with a base URL, its host becomes a path segment.

    The fragment is dropped (it is never sent). A base URL makes every target hit one
    server, which stands in for the real sites (tests, mirrors, caches).

    >>> rewrite_url("https://www.bls.gov/soc/2018/x.htm#43-4051", None)
    'https://www.bls.gov/soc/2018/x.htm'
    >>> rewrite_url("http://data.europa.eu/esco/isco/C4222", "http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/data.europa.eu/esco/isco/C4222'
    """
    parts = urlsplit(iri)
    if base_url is None:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    base = urlsplit(base_url)
    if base.scheme not in {"http", "https"} or not base.netloc:
        raise UsageError(
            f"{{base_url}} must be an http(s) URL, got {base_url!r}",
            parameter="base_url",
            value=base_url,
        )
    path = f"{base.path.rstrip('/')}/{parts.netloc}{parts.path}"
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def check_one(
    object_id: str,
    iri: str,
    *,
    own_namespace: str = "",
    base_url: str | None = None,
    timeout: float = 10.0,
) -> LinkStatus:
    """Dereference one target IRI: HEAD, then GET with RDF content negotiation where RDF is served.

    HEAD (following redirects, asking for RDF first) tells whether the target exists; a
    server that refuses HEAD (405, 501) gets a GET instead. When the answer is an RDF media
    type, the RDF is fetched with GET and parsed (Turtle and N-Triples; at most
    :data:`MAX_RDF_BYTES`), and it must mention the IRI.
    """
    import requests

    if own_namespace and iri.startswith(own_namespace):
        return LinkStatus(object_id, iri, "", "skipped", detail="own IRI, described in the graph")
    if urlsplit(iri).scheme not in {"http", "https"}:
        return LinkStatus(object_id, iri, "", "skipped", detail="not an HTTP(S) IRI")
    url = rewrite_url(iri, base_url)
    headers = {"Accept": RDF_ACCEPT, "User-Agent": USER_AGENT}
    try:
        response = requests.head(url, headers=headers, timeout=timeout, allow_redirects=True)
        if response.status_code in {405, 501}:
            response = requests.get(url, headers=headers, timeout=timeout, stream=True)
            response.close()
    except requests.Timeout:
        return LinkStatus(object_id, iri, url, "broken", detail=f"timed out after {timeout:g} s")
    except requests.RequestException as err:
        reason = type(err).__name__
        return LinkStatus(object_id, iri, url, "broken", detail=f"cannot connect ({reason})")
    status = response.status_code
    media = _media_type(response.headers.get("Content-Type"))
    if status >= 400:
        return LinkStatus(object_id, iri, url, "broken", status, media, detail=f"HTTP {status}")
    if media not in RDF_MEDIA_TYPES:
        return LinkStatus(object_id, iri, url, "ok", status, media)
    return _check_rdf(object_id, iri, url, headers, timeout)


def _check_rdf(
    object_id: str, iri: str, url: str, headers: dict[str, str], timeout: float
) -> LinkStatus:
    """GET the RDF a target serves and check that it parses and mentions the IRI."""
    import pyoxigraph
    import requests

    try:
        with requests.get(url, headers=headers, timeout=timeout, stream=True) as response:
            status = response.status_code
            media = _media_type(response.headers.get("Content-Type"))
            body = response.raw.read(MAX_RDF_BYTES + 1, decode_content=True)
    except requests.RequestException as err:
        reason = type(err).__name__
        return LinkStatus(object_id, iri, url, "broken", detail=f"GET failed ({reason})")
    if status >= 400:
        return LinkStatus(
            object_id, iri, url, "broken", status, media, detail=f"GET: HTTP {status}"
        )
    fmt = RDF_MEDIA_TYPES.get(media)
    if fmt is None:
        detail = "RDF not parsed" if media in RDF_MEDIA_TYPES else "GET gave no RDF"
        return LinkStatus(
            object_id, iri, url, "ok", status, media, media in RDF_MEDIA_TYPES, detail
        )
    if len(body) > MAX_RDF_BYTES:
        return LinkStatus(object_id, iri, url, "ok", status, media, True, "RDF too large to parse")
    try:
        quads = list(
            pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.from_media_type(fmt), base_iri=iri)
        )
    except (SyntaxError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return LinkStatus(object_id, iri, url, "broken", status, media, True, f"bad RDF: {first}")
    node = pyoxigraph.NamedNode(iri)
    if not any(node in (q.subject, q.object) for q in quads):
        return LinkStatus(
            object_id, iri, url, "broken", status, media, True, "RDF does not describe the IRI"
        )
    return LinkStatus(object_id, iri, url, "ok", status, media, True, f"{len(quads)} triples")


def check_links(
    ms: MappingSet | None = None,
    *,
    base_url: str | None = None,
    workers: int = 8,
    timeout: float = 10.0,
    on_result: Callable[[LinkStatus], None] | None = None,
) -> list[LinkStatus]:
    """Dereference every target of the mapping set, ``workers`` at a time.

    Args:
        ms: the mapping set (default: the bundled one).
        base_url: fetch every target from this server instead, its host as the first path
            segment (see :func:`rewrite_url`).
        workers: how many requests run at once (1 to 64).
        timeout: seconds to wait for a connection and for each read.
        on_result: called with each status as it comes in (e.g. to advance a progress bar).

    Returns:
        One :class:`LinkStatus` per distinct target, in the order of the mapping set.

    """
    from concurrent.futures import ThreadPoolExecutor, as_completed

    if not 1 <= workers <= 64:
        raise UsageError(f"workers must be between 1 and 64, got {workers}")
    if timeout <= 0:
        raise UsageError(f"timeout must be positive, got {timeout:g}")
    if base_url is not None:
        rewrite_url("http://example.org/", base_url)  # refuse a bad base URL before any request
    ms = ensure_valid(ms or read_mapping_set())
    targets: dict[str, tuple[str, str]] = {}
    for m in ms.mappings:
        targets.setdefault(m.object_id, (ms.expand(m.object_id), own_namespace(ms, m)))
    results: dict[str, LinkStatus] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(
                check_one, oid, iri, own_namespace=own, base_url=base_url, timeout=timeout
            ): oid
            for oid, (iri, own) in targets.items()
        }
        for future in as_completed(futures):
            status = future.result()
            results[futures[future]] = status
            if on_result is not None:
                on_result(status)
    return [results[oid] for oid in targets]
