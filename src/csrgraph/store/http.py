"""The HTTP side of talking to a store: sessions, authentication, retries, one-line errors.

Authentication is negotiated the way ``curl --anyauth`` and ``requests`` do it: with
``auth="auto"`` no credentials go out until the store asks for them, and then in the scheme
its ``WWW-Authenticate`` challenge names (Digest or Basic). Virtuoso needs this: it answers
a Basic header it did not ask for with a 401 that carries no challenge. A store that sends
no challenge at all gets the scheme the caller names (``auth="basic"`` or ``"digest"``).
Credentials come from ``CSRGRAPH_STORE_USER``/``CSRGRAPH_STORE_PASSWORD``, else from
``~/.netrc`` for the URL's host; ``CSRGRAPH_STORE_TOKEN`` is sent as a bearer token. They go
to the origins the caller named and nowhere else (:mod:`csrgraph.store.session`).

Bounds: ``timeout`` is the wall-clock time of each attempt of a request, from the connection
to the last byte of the answer; an answer is read streamed, up to ``max_answer`` bytes
(:data:`DEFAULT_MAX_ANSWER`), and an error page up to :data:`ERROR_BYTES`.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from csrgraph.arguments import ascii_integer
from csrgraph.errors import InputError, StoreError, StoreRefused, UsageError, not_one_of
from csrgraph.store.layouts import advice_for, layouts_hint
from csrgraph.store.redaction import ENV_PASSWORD, ENV_TOKEN, ENV_USER, redact, server_text

if TYPE_CHECKING:
    import requests

#: Seconds a request may take, from the connection to the answer's last byte, by default.
DEFAULT_TIMEOUT = 120.0
#: The largest answer read from a store unless the caller allows more (64 MiB).
DEFAULT_MAX_ANSWER = 64 << 20
#: The most read of an error answer (the rest is not shown anyway).
ERROR_BYTES = 64 << 10
_BLOCK = 1 << 16
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


def session(url: str, auth: str = "auto", *, also: Iterable[str] = ()) -> requests.Session:
    """Return a session carrying the credentials for ``url``, for its origin only.

    See :func:`csrgraph.store.session.session` (imported here, with ``requests``, on first use).
    """
    from csrgraph.store import session as sessions

    if auth not in AUTH_MODES:
        raise not_one_of("auth", auth, AUTH_MODES)
    return sessions.session(url, auth, also=also)


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
    max_answer: int | None = None,
) -> requests.Response:
    """Send one request; retry it with backoff only when ``safe``; map failures to errors.

    ``body`` opens the request body afresh for each attempt (a streamed upload), ``data`` is
    a form. ``action`` says in words what the request does, for the error messages. Each
    attempt ends within ``timeout`` seconds, answer included; the answer (``.content``) is
    read up to ``max_answer`` bytes (:data:`DEFAULT_MAX_ANSWER`), a larger one is refused.
    """
    import requests

    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    most = DEFAULT_MAX_ANSWER if max_answer is None else max_answer
    attempts = len(RETRY_DELAYS) + 1 if safe else 1
    written = False  # may an attempt so far have changed what the store holds?
    attempt = 0
    while True:
        stream = body() if body is not None else None
        try:
            response = _attempt(
                made,
                method,
                url,
                limit,
                most,
                action,
                params=params,
                headers=headers,
                data=stream if stream is not None else data,
            )
        except requests.exceptions.ConnectTimeout as err:
            error: StoreError = _unsent(
                StoreError(
                    f"no connection to {redact(url)} within {round(limit, 2):g} s ({action}); "
                    "is the store running and reachable? ({timeout})",
                    parameter="timeout",
                )
            )
            cause: Exception | None = err
        except requests.exceptions.ReadTimeout as err:
            failed = StoreError(
                f"no answer from {redact(url)} within {round(limit, 2):g} s ({action}); "
                "raise {timeout} if the store is just slow",
                parameter="timeout",
            )
            failed.may_have_written = True
            raise failed from err
        except requests.exceptions.SSLError as err:  # the handshake comes before the request
            failed = StoreError(
                f"TLS certificate check failed for {redact(url)}; "
                "point REQUESTS_CA_BUNDLE at the store's CA bundle"
            )
            failed.may_have_written = written
            raise failed from err
        except requests.exceptions.TooManyRedirects as err:
            raise StoreError(f"{redact(url)} redirected too many times ({action})") from err
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
            _location_error(),
        ) as err:
            raise UsageError(f"not a usable URL: {redact(url)!r}") from err
        except requests.exceptions.RequestException as err:  # a connection lost or cut
            error, cause = _connection_error(err, url, action), err
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


def _location_error() -> type[Exception]:
    from urllib3.exceptions import LocationParseError

    return LocationParseError


def _attempt(
    made: requests.Session, method: str, url: str, limit: float, most: int, action: str, **kw: Any
) -> requests.Response:
    """One request within ``limit`` seconds in all, its answer read (``most`` bytes at most)."""
    import requests

    watch = getattr(made, "watch", None)
    deadline = watch.deadline(limit) if watch is not None else contextlib.nullcontext()
    with deadline:
        try:
            response = made.request(method, url, timeout=limit, stream=True, **kw)
            try:
                _read(response, most if response.status_code < 400 else ERROR_BYTES, url, action)
            finally:
                response.close()
        except (requests.exceptions.RequestException, OSError) as err:
            if watch is not None and watch.expired:
                raise requests.exceptions.ReadTimeout(str(err)) from err
            raise
    if watch is not None and watch.expired:  # the last bytes came as the clock struck
        raise requests.exceptions.ReadTimeout("the time ran out")
    return response


def _read(response: requests.Response, most: int, url: str, action: str) -> None:
    """Read the answer into ``response.content``, refusing one larger than ``most`` bytes.

    An error answer (``most`` is :data:`ERROR_BYTES`) is cut there instead: only its start is
    shown.
    """
    declared = ascii_integer(response.headers.get("Content-Length", ""))  # "²": not a size
    cut = most == ERROR_BYTES
    if declared is not None and declared > most and not cut:
        raise _too_large(url, most, action)
    received = bytearray()
    for block in response.iter_content(_BLOCK):
        received += block
        if len(received) > most:
            if cut:
                del received[most:]
                break
            raise _too_large(url, most, action)
    response._content = bytes(received)  # what .content gives from now on


def _too_large(url: str, most: int, action: str) -> StoreError:
    size = f"{most / (1 << 20):g} MiB" if most >= 1 << 20 else f"{most} bytes"
    error = StoreError(
        f"the answer from {redact(url)} is larger than {size}, the limit ({action}); "
        "raise {max_answer} to read it",
        parameter="max_answer",
    )
    error.may_have_written = True
    return error


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
    message = server_message(response, url)
    advice = advice_for(response.content[:4000].decode("utf-8", "replace"))
    if advice:
        message = f"{message} ({advice})"
    if status >= 500:
        return StoreError(f"the store failed with {status} on {where} ({action}): {message}")
    return StoreRefused(f"the store refused {where} with {status} ({action}): {message}")


def server_message(response: requests.Response, url: str, limit: int = 300) -> str:
    """Return the start of the server's error text, on one line, every secret blanked."""
    text = response.content.decode("utf-8", "replace")  # at most ERROR_BYTES (see _read)
    return server_text(text, url, limit) or response.reason or "no message"


def media_type(response: requests.Response) -> str:
    """Return the answer's media type, lower case, without parameters."""
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()
