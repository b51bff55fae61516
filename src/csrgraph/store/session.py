"""The HTTP session of one command: credentials kept to their origin, and a watchdog on time.

Credentials go only to the origin (scheme, host, port) of a URL the caller named: the
authentication hooks answer a 401 only from such an origin, and a redirect to any other
origin is refused before a request goes there, whatever the scheme of authentication
(Basic, Digest, bearer token, ``~/.netrc``) and whatever the request (a query, the upload,
the swap). ``requests`` alone drops the ``Authorization`` header on a change of host, but an
auth hook answering the new host's 401 would send the password again.

Time: ``requests`` bounds each wait for a read, so a store sending one byte a second is
never cut off. Every socket of the session is registered, and :meth:`Watch.deadline` shuts
them down when a request has run out of its whole time, which ends any read at once.

>>> origin("HTTP://Example.org/store")
('http', 'example.org', 80)
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import weakref
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from requests.utils import parse_dict_header
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from csrgraph.errors import StoreError
from csrgraph.store.redaction import ENV_PASSWORD, ENV_TOKEN, ENV_USER, netrc_credentials, redact

#: Redirects followed within one origin before giving up.
MAX_REDIRECTS = 5

Origin = tuple[str, str, int]


def origin(url: str) -> Origin:
    """Return the (scheme, host, port) of ``url``, in lower case, the port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or {"https": 443}.get(scheme, 80)


class Watch:
    """The sockets of a session, to be shut down when a request runs out of time."""

    def __init__(self) -> None:
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.expired = False

    def add(self, sock: socket.socket | None) -> None:
        """Register a socket the session has just connected."""
        if sock is not None:
            with self._lock:
                self._sockets.add(sock)

    def _expire(self) -> None:
        self.expired = True
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[Watch]:
        """Within the block, shut every socket down once ``seconds`` have passed."""
        self.expired = False
        timer = threading.Timer(seconds, self._expire)
        timer.daemon = True
        timer.start()
        try:
            yield self
        finally:
            timer.cancel()


class _Adapter(HTTPAdapter):
    """An adapter whose connections register their sockets with a :class:`Watch`."""

    def __init__(self, watch: Watch) -> None:
        self.watch = watch
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Make the pool manager, then give it pools of watched connections."""
        super().init_poolmanager(*args, **kwargs)
        watch = self.watch

        class Plain(HTTPConnection):
            def connect(self) -> None:
                super().connect()
                watch.add(self.sock)

        class Secure(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                watch.add(self.sock)

        class PlainPool(HTTPConnectionPool):
            ConnectionCls = Plain

        class SecurePool(HTTPSConnectionPool):
            ConnectionCls = Secure

        self.poolmanager.pool_classes_by_scheme = {"http": PlainPool, "https": SecurePool}


class StoreSession(requests.Session):
    """A session for the origins the caller named; ``watch`` bounds each request's time."""

    def __init__(self, origins: Iterable[Origin]) -> None:
        super().__init__()
        self.origins = frozenset(origins)
        self.watch = Watch()
        self.max_redirects = MAX_REDIRECTS
        self.mount("http://", _Adapter(self.watch))
        self.mount("https://", _Adapter(self.watch))
        self.hooks["response"].append(self._refuse_other_origins)

    def _refuse_other_origins(self, response: requests.Response, **kwargs: Any) -> None:
        """Refuse a redirect to another origin before anything is sent there."""
        target = self.get_redirect_target(response)
        if target is None:
            return
        where = urljoin(response.url, target)
        if origin(where) != origin(response.url):
            response.close()
            raise StoreError(
                f"{redact(response.url)} redirected to {redact(where)}, another origin (scheme, "
                "host or port); csrgraph does not follow a store elsewhere, so credentials stay "
                "with the URL you gave: give that URL instead if you trust it"
            )

    def rebuild_auth(self, prepared_request: Any, response: Any) -> None:
        """Keep redirected requests free of ``~/.netrc`` credentials for another host."""
        if origin(prepared_request.url) not in self.origins:
            prepared_request.headers.pop("Authorization", None)
            return
        super().rebuild_auth(prepared_request, response)


def _negotiated_auth(user: str, password: str, mode: str, origins: frozenset[Origin]) -> Any:
    """Return an auth object that sends credentials only as, and where, the store asks."""

    class Negotiated(AuthBase):
        """Send nothing until a 401 names a scheme, then that scheme (``mode="auto"``)."""

        def __init__(self) -> None:
            self.basic = HTTPBasicAuth(user, password)
            self.digest = HTTPDigestAuth(user, password)
            self.chosen = None if mode == "auto" else mode

        def __call__(self, request: Any) -> Any:
            if origin(request.url) not in origins:
                return request
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
            if origin(response.url) not in origins:  # never answer another host's challenge
                return response
            header = response.headers.get("WWW-Authenticate", "")
            scheme = header.split(None, 1)[0].lower() if header.strip() else ""
            if scheme not in ("basic", "digest"):
                return response
            self.chosen = scheme
            if position is not None:
                response.request.body.seek(position)
            response.close()  # not read: a challenge's body can be as large as the store likes
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


class _Bearer(AuthBase):
    """A bearer token, for the named origins only."""

    def __init__(self, token: str, origins: frozenset[Origin]) -> None:
        self.token = token
        self.origins = origins

    def __call__(self, request: Any) -> Any:
        if origin(request.url) in self.origins:
            request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def session(url: str, auth: str = "auto", *, also: Iterable[str] = ()) -> StoreSession:
    """Return a session carrying the credentials for ``url`` (environment, else ~/.netrc).

    Credentials go to the origin of ``url`` and of the URLs in ``also`` (a store's query and
    update endpoints), nowhere else. ``auth`` is one of
    :data:`csrgraph.store.http.AUTH_MODES` (checked there); a bearer token ignores it.
    """
    from csrgraph._version import version as package_version

    made = StoreSession(origin(u) for u in (url, *also))
    made.headers["User-Agent"] = f"csrgraph/{package_version()} {made.headers['User-Agent']}"
    token = os.environ.get(ENV_TOKEN)
    user = os.environ.get(ENV_USER)
    if token:
        made.auth = _Bearer(token, made.origins)  # an auth of its own: no netrc on top
    else:
        if user is not None:
            credentials: tuple[str, str] | None = (user, os.environ.get(ENV_PASSWORD, ""))
        else:
            credentials = _url_credentials(url) or netrc_credentials(url)
        if credentials is not None:
            made.auth = _negotiated_auth(*credentials, auth, made.origins)
    return made


def _url_credentials(url: str) -> tuple[str, str] | None:
    """Return the user and password written into the URL, percent-decoded, if any."""
    parts = urlsplit(url)
    if parts.username is None:
        return None
    return unquote(parts.username), unquote(parts.password or "")


def needs_probe(made: requests.Session) -> bool:
    """Whether the scheme is still to be learnt (before a streamed upload, ask cheaply)."""
    return getattr(made.auth, "chosen", "x") is None
