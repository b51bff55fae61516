"""Start and stop real SPARQL servers on loopback ports for the tests and benchmarks.

One base class does what every server needs (a free 127.0.0.1 port, a log file instead of a
pipe, waiting until it answers, a polite stop, a kill as a crash would); each server says only
how it is started and configured: the Oxigraph server (PyPI ``oxigraph``) and Virtuoso 7
(Debian ``virtuoso-opensource``, started with a generated ``virtuoso.ini`` that binds
127.0.0.1 only). All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import IO

import requests

HOST = "127.0.0.1"


def free_port() -> int:
    """Return a TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """One server process on a data folder, started on free ports; can be killed and restarted.

    Subclasses give :meth:`command`, their endpoints' :attr:`paths`, and may prepare the folder in
    :meth:`prepare` and configure the running server in :meth:`configure`.
    """

    name = "server"
    #: seconds to wait for the first answer (Virtuoso builds its database on first start)
    start_wait = 60.0
    #: the paths of the Graph Store, query and update endpoints
    paths = ("/store", "/query", "/update")

    def __init__(self, location: Path, port: int | None = None) -> None:
        self.location = location
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = location.parent / f"{location.name}.{self.name}.log"
        self._log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def store(self) -> str:
        return self.base + self.paths[0]

    @property
    def query(self) -> str:
        return self.base + self.paths[1]

    @property
    def update(self) -> str:
        return self.base + self.paths[2]

    def command(self) -> list[str]:
        """The command line that runs the server in the foreground."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Make the data folder ready before the first start."""
        self.location.mkdir(parents=True, exist_ok=True)

    def configure(self) -> None:
        """Set the running server up (users, rights); runs after every start."""

    def start(self) -> Server:
        """Start the server and wait until it answers a query."""
        self.prepare()
        self._log = self.log_path.open("ab")  # a file: a pipe nobody reads would block it
        self.process = subprocess.Popen(
            self.command(), cwd=self.location, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + self.start_wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self._close()
                err = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{self.name} exited with {code}: {err}")
            try:
                answer = requests.get(
                    self.query,
                    params={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=2,
                )
                if answer.ok:
                    self.configure()
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer on {self.base} within {self.start_wait} s")

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
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close()

    def _close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        self.process = None

    def __enter__(self) -> Server:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def oxigraph_binary() -> Path:
    """Return the ``oxigraph`` server binary: next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
    return Path(found)


class OxigraphServer(Server):
    """One ``oxigraph serve`` process (the PyPI package's server)."""

    name = "oxigraph"
    start_wait = 30.0

    def command(self) -> list[str]:
        return [
            str(oxigraph_binary()),
            "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{HOST}:{self.port}",
        ]


#: The account the tests load with (Virtuoso's ``dba``, given this password at start-up).
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "csrgraph-test-pw"

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = {host}:{isql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
ThreadsPerQuery = 2
AllowOSCalls = 0

[HTTPServer]
ServerPort = {host}:{port}
ServerRoot = {db}/vsp
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
; Virtuoso's default, so the tests meet the row cap a real server has
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 120
"""


class VirtuosoServer(Server):
    """One ``virtuoso-t`` process with a generated ini: its database in ``location``.

    Both ports (ISQL and HTTP) are bound to 127.0.0.1. After each start the ``dba`` password
    is set to :data:`VIRTUOSO_PASSWORD` with Debian's ``isql-vt`` (the same ``dba`` account
    the README's layout ``/sparql-graph-crud-auth`` and ``/sparql-auth`` authenticates).
    """

    name = "virtuoso"
    start_wait = 120.0
    paths = ("/sparql-graph-crud-auth", "/sparql", "/sparql-auth")

    def __init__(self, location: Path, executable: str, port: int | None = None) -> None:
        super().__init__(location, port)
        self.executable = executable
        self.isql_port = free_port()

    @property
    def ini(self) -> Path:
        return self.location / "virtuoso.ini"

    def prepare(self) -> None:
        (self.location / "vsp").mkdir(parents=True, exist_ok=True)
        self.ini.write_text(
            _VIRTUOSO_INI.format(
                db=self.location, host=HOST, port=self.port, isql_port=self.isql_port
            ),
            encoding="utf-8",
        )

    def command(self) -> list[str]:
        return [self.executable, "+configfile", str(self.ini), "+foreground"]

    def isql(self, sql: str, password: str = VIRTUOSO_PASSWORD) -> str:
        """Run SQL through ``isql-vt`` as ``dba``; return its output (raises on an error)."""
        isql = shutil.which("isql-vt")
        if isql is None:
            raise RuntimeError("isql-vt is missing (Debian virtuoso-opensource-7-bin)")
        done = subprocess.run(
            [isql, f"{HOST}:{self.isql_port}", VIRTUOSO_USER, password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed on {sql!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def configure(self) -> None:
        try:
            self.isql(f"USER_SET_PASSWORD('dba', '{VIRTUOSO_PASSWORD}');", password="dba")
        except RuntimeError:  # a restart: the password is set already
            self.isql("SELECT 1;")


def _discard(server: Server, root: Path) -> None:
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@cache
def shared_virtuoso(executable: str) -> VirtuosoServer:
    """One Virtuoso for the whole test process (it takes long to build its database).

    Stopped, and its folder removed, when the process exits.
    """
    root = Path(tempfile.mkdtemp(prefix="csrgraph-virtuoso-"))
    server = VirtuosoServer(root / "db", executable)
    atexit.register(_discard, server, root)
    server.start()
    return server
