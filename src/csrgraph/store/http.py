"""The HTTP side of talking to a store: sessions, authentication, retries, one-line errors.

Authentication is negotiated the way ``curl --anyauth`` and ``requests`` do it: with
``auth="auto"`` no credentials go out until the store asks for them, and then in the scheme
its ``WWW-Authenticate`` challenge names (Digest or Basic). Virtuoso needs this: it answers
a Basic header it did not ask for with a 401 that carries no challenge. A store that sends
no challenge at all gets the scheme the caller names (``auth="basic"`` or ``"digest"``).
Credentials come from ``CSRGRAPH_STORE_USER``/``CSRGRAPH_STORE_PASSWORD``, else from
``~/.netrc`` for the URL's host; ``CSRGRAPH_STORE_TOKEN`` is sent as a bearer token.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from csrgraph.errors import InputError, StoreError, StoreRefused, UsageError, not_one_of
from csrgraph.store.layouts import advice_for, layouts_hint
from csrgraph.store.redaction import (
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    netrc_credentials,
    redact,
    scrub,
)

if TYPE_CHECKING:
    import requests

#: Seconds to wait for a connection and then for each answer, unless the caller says otherwise.
DEFAULT_TIMEOUT = 120.0
#: Pauses (seconds) before the retries of a request that is safe to repeat.
RETRY_DELAYS = (0.25, 0.5, 1.0)
#: The authentication choices: answer the store's challenge, or always send one scheme.
AUTH_MODES = ("auto", "basic", "digest")
#: Answers after which a safe request is repeated.
_RETRY_STATUS = frozenset({429, 502, 503, 504})
# 5xx answers that say the server does not do the request at all, so it wrote nothing.
_NOT_DONE_STATUS = frozenset({501, 505})


class Body(Protocol):
    """A request body that ``requests`` reads in blocks: a binary file or a reader like one."""

    def read(self, size: int = -1, /) -> bytes:
        """Return up to ``size`` bytes (all that are left for a negative size)."""
        ...

    def close(self) -> None:
        """Release the file behind the body."""
        ...


def _negotiated_auth(user: str, password: str, mode: str) -> Any:
    """Return a requests auth object that sends credentials only as the store asks."""
    from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
    from requests.utils import parse_dict_header

    class Negotiated(AuthBase):
        """Send nothing until a 401 names a scheme, then that scheme (``mode="auto"``)."""

        def __init__(self) -> None:
            self.basic = HTTPBasicAuth(user, password)
            self.digest = HTTPDigestAuth(user, password)
            self.chosen = None if mode == "auto" else mode

        def __call__(self, request: Any) -> Any:
            if self.chosen == "basic":
                return self.basic(request)
            if self.chosen == "digest":
                return self.digest(request)
            position = request.body.tell() if hasattr(request.body, "tell") else None
            request.register_hook("response", lambda r, **kw: self._answer(r, position, **kw))
            return request

        def _answer(self, response: Any, position: int | None, **kwargs: Any) -> Any:
            if response.status_code != 401 or self.chosen is not None:
                return response
            header = response.headers.get("WWW-Authenticate", "")
            scheme = header.split(None, 1)[0].lower() if header.strip() else ""
            if scheme not in ("basic", "digest"):
                return response
            self.chosen = scheme
            if position is not None:
                response.request.body.seek(position)
            response.content  # noqa: B018 - read the body so the connection can be reused
            response.close()
            again = response.request.copy()
            if scheme == "digest":
                self.digest.init_per_thread_state()
                challenge = re.sub(r"(?i)^\s*digest\s+", "", header)
                self.digest._thread_local.chal = parse_dict_header(challenge)
                self.digest._thread_local.num_401_calls = 2  # do not answer a second 401
                again.headers["Authorization"] = self.digest.build_digest_header(
                    again.method, again.url
                )
            else:
                again = self.basic(again)
            sent = response.connection.send(again, **kwargs)
            sent.history.append(response)
            sent.request = again
            return sent

    return Negotiated()


def _bearer(token: str) -> Callable[[Any], Any]:
    def add(request: Any) -> Any:
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    return add


def session(url: str, auth: str = "auto") -> requests.Session:
    """Return a session carrying the credentials for ``url`` (environment, else ~/.netrc).

    ``auth`` is one of :data:`AUTH_MODES`; a bearer token ignores it.
    """
    import requests

    from csrgraph._version import version as package_version

    if auth not in AUTH_MODES:
        raise not_one_of("auth", auth, AUTH_MODES)
    made = requests.Session()
    made.headers["User-Agent"] = f"csrgraph/{package_version()} {made.headers['User-Agent']}"
    token = os.environ.get(ENV_TOKEN)
    user = os.environ.get(ENV_USER)
    if token:
        made.auth = _bearer(token)  # an auth of its own: requests adds no netrc on top
    else:
        if user is not None:
            credentials: tuple[str, str] | None = (user, os.environ.get(ENV_PASSWORD, ""))
        else:
            credentials = _url_credentials(url) or netrc_credentials(url)
        if credentials is not None:
            made.auth = _negotiated_auth(*credentials, auth)
    return made


def _url_credentials(url: str) -> tuple[str, str] | None:
    """Return the user and password written into the URL, percent-decoded, if any."""
    from urllib.parse import unquote

    parts = urlsplit(url)
    if parts.username is None:
        return None
    return unquote(parts.username), unquote(parts.password or "")


def needs_probe(made: requests.Session) -> bool:
    """Whether the scheme is still to be learnt (before a streamed upload, ask cheaply)."""
    return getattr(made.auth, "chosen", "x") is None


def _credentials_hint(made: requests.Session | None, response: requests.Response) -> str:
    if os.environ.get(ENV_TOKEN):
        return f"the token in {ENV_TOKEN} was refused; check it"
    unchallenged = not response.headers.get("WWW-Authenticate", "").strip()
    if made is not None and made.auth is not None and response.status_code == 401 and unchallenged:
        return (
            "the store named no scheme to answer (no WWW-Authenticate challenge), so the "
            "credentials may have gone in the wrong one: try {auth} digest or {auth} basic"
        )
    if os.environ.get(ENV_USER) is not None:
        return f"the user and password in {ENV_USER}/{ENV_PASSWORD} were refused; check them"
    if made is not None and made.auth is not None:
        return "the user and password from ~/.netrc were refused; check them"
    return (
        f"set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN} for a bearer token, "
        "or add the host to ~/.netrc"
    )


def send(
    made: requests.Session,
    method: str,
    url: str,
    *,
    action: str,
    timeout: float | None,
    safe: bool,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    body: Callable[[], Body] | None = None,
) -> requests.Response:
    """Send one request; retry it with backoff only when ``safe``; map failures to errors.

    ``body`` opens the request body afresh for each attempt (a streamed upload), ``data`` is
    a form. ``action`` says in words what the request does, for the error messages.
    """
    import requests

    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    attempts = len(RETRY_DELAYS) + 1 if safe else 1
    written = False  # may an attempt so far have changed what the store holds?
    attempt = 0
    while True:
        stream = body() if body is not None else None
        try:
            response = made.request(
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
                    "is the store running and reachable? ({timeout})",
                    parameter="timeout",
                )
            )
            cause: Exception | None = err
        except requests.exceptions.ReadTimeout as err:
            raise StoreError(
                f"no answer from {redact(url)} within {limit:g} s ({action}); "
                "raise {timeout} if the store is just slow",
                parameter="timeout",
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
            if response.status_code in _RETRY_STATUS and attempt + 1 < attempts:
                error, cause = status_error(response, url, action, made), None
            else:
                if response.status_code >= 400:
                    failed = status_error(response, url, action, made)
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


def status_error(
    response: requests.Response, url: str, action: str, made: requests.Session | None = None
) -> StoreError:
    """Turn an HTTP error answer into one line that says what to do.

    The error carries ``http_status``. A 4xx answer (405 method not allowed among them) says
    the store did not do it, and so do 501 not implemented and 505 (the server does not
    support the request at all); after any other 5xx the store may have written part of it
    (``may_have_written``).
    """
    status = response.status_code
    error = _status_message(response, url, action, made)
    error.http_status = status  # type: ignore[attr-defined]
    error.may_have_written = status >= 500 and status not in _NOT_DONE_STATUS
    return error


def _status_message(
    response: requests.Response, url: str, action: str, made: requests.Session | None
) -> StoreError:
    status = response.status_code
    where = f"{response.request.method} {redact(url)}"
    if status in (401, 403):
        word = "unauthorised" if status == 401 else "forbidden"
        return StoreError(
            f"the store answered {status} {word} to {where} ({action}): "
            + _credentials_hint(made, response),
            parameter="auth",
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
            "raise the store's request size limit, or split the data with several {append} loads",
            parameter="replace",
            other="append",
        )
    message = scrub(server_message(response), url)
    advice = advice_for(response.content[:4000].decode("utf-8", "replace"))
    if advice:
        message = f"{message} ({advice})"
    if status >= 500:
        return StoreError(f"the store failed with {status} on {where} ({action}): {message}")
    return StoreRefused(f"the store refused {where} with {status} ({action}): {message}")


def server_message(response: requests.Response, limit: int = 300) -> str:
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


def media_type(response: requests.Response) -> str:
    """Return the answer's media type, lower case, without parameters."""
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()
