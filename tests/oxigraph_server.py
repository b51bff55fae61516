"""Start and stop a real Oxigraph server (the ``oxigraph`` PyPI package) on a loopback port.

Used by the store tests and the load benchmark; all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import requests

HOST = "127.0.0.1"


def oxigraph_binary() -> Path:
    """Return the ``oxigraph`` server binary: next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
    return Path(found)


def free_port() -> int:
    """Return a TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class OxigraphServer:
    """One ``oxigraph serve`` process on a data folder; can be killed and restarted."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        self.location = location
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = location.parent / f"{location.name}.oxigraph.log"
        self._log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    def start(self, wait: float = 30.0) -> OxigraphServer:
        """Start the server and wait until it answers a query."""
        self.location.mkdir(parents=True, exist_ok=True)
        # A file, not a pipe: a pipe nobody reads would block a chatty server.
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(oxigraph_binary()),
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"{HOST}:{self.port}",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._close()
                err = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}: {err}")
            try:
                answer = requests.post(
                    self.query,
                    data={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=2,
                )
                if answer.ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.base} within {wait} s")

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self._close()

    def stop(self) -> None:
        """Stop the server politely, then firmly."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close()

    def _close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        self.process = None

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
