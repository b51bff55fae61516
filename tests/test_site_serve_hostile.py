"""``csrgraph serve`` against request paths no site file can have (attack 21)."""

from __future__ import annotations

import http.client
import threading
from pathlib import Path

import pytest

from csrgraph.site.build import build_site
from csrgraph.site.serve import make_server

#: Paths that name no file: each must get a 404, not a dropped connection and a traceback.
NO_FILE = ["/index.html%00", "/task/x%00.ttl", "/%00", "/list%00/concept"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("serve") / "site"
    build_site(folder)
    running = make_server(Path(folder), 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize("path", NO_FILE)
def test_a_nul_byte_in_the_path_is_not_found(server, path: str) -> None:  # type: ignore[no-untyped-def]
    assert len(NO_FILE) == 4
    for method in ("GET", "HEAD"):
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        try:
            connection.request(method, path)
            assert connection.getresponse().status == 404, method
        finally:
            connection.close()
