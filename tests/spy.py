"""A loopback spy: a TCP server on 127.0.0.1 that counts every connection it accepts.

Used by the security tests to show that a query reached (or did not reach) the network.
It answers each connection with an HTTP 500 and closes it, so an engine that does connect
fails at once instead of waiting.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType


class Spy:
    """Listen on a free 127.0.0.1 port in a thread; ``count`` is the connections accepted."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port: int = self.server.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        """The base URL of the spy (``http://127.0.0.1:PORT/``)."""
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.count += 1
            try:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    conn.recv(65536)
                conn.sendall(b"HTTP/1.1 500 spy\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            except OSError:
                pass
            finally:
                conn.close()

    def __enter__(self) -> Spy:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close()
