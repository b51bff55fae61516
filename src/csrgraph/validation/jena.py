"""The ``jena`` SHACL engine: Apache Jena's ``shacl validate``, where Java and Jena are installed.

Jena's validator is the fastest of those csrgraph can call at the size of a whole release. It
runs as a separate Java process on temporary N-Triples copies of the data and the shapes, and
its report (Turtle) is read back into the same rdflib report graph the other engines give.

Jena is found as the ``shacl`` command of Jena's own distribution on ``PATH``, or else as
Debian's ``libapache-jena-java`` jars in ``/usr/share/java`` (run with ``java -cp``; Debian's
copy needs two repairs, see :func:`debian_command`). JVM options come from the standard
``JAVA_TOOL_OPTIONS`` variable (e.g. ``-Xmx8g``).

No network: Jena reads only the two local files it is given (``shacl validate`` follows no
``owl:imports``), the SPARQL of user shapes has passed the gate before it gets here, and the
Java process starts with every socket but a Unix one refused (or in a network namespace of
its own) by :mod:`csrgraph.process.sandbox`, and is killed with its parent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError, QueryTimeout, UsageError

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

#: Where Debian installs Java libraries (``libapache-jena-java``, ``libxerces2-java``).
JAVA_LIBS = Path("/usr/share/java")
#: Debian's slf4j bindings clash (log4j-over-slf4j beside slf4j-log4j12 stops every Jena
#: command at start-up): those jars are left out, and the API with the no-op binding put in.
_LOGGING_JARS = re.compile(r"slf4j|log4j|logback|jcl-over|maven3-slf4j")
_INSTALL = "install Java and Apache Jena (Debian: apt-get install libapache-jena-java)"


def _xerces_resources(target: Path) -> None:
    """Unpack the Xerces message files that Debian's relocated Xerces in Jena lacks.

    Without ``xerces/impl/msg/*.properties`` on the class path every Jena command dies with
    ExceptionInInitializerError.
    """
    jars = sorted(JAVA_LIBS.glob("xercesImpl*.jar"))
    if not jars:
        return
    with zipfile.ZipFile(jars[0]) as jar:
        for name in jar.namelist():
            for folder in ("impl/msg/", "impl/xpath/regex/"):
                prefix = f"org/apache/xerces/{folder}"
                if name.startswith(prefix) and name.endswith(".properties"):
                    out = target / "xerces" / folder / name[len(prefix) :]
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(jar.read(name))


def debian_command(scratch: Path) -> list[str] | None:
    """Return ``java -cp ... shacl.shacl`` over Debian's Jena jars, or None where missing.

    ``scratch`` receives the unpacked Xerces resources (see :func:`_xerces_resources`).
    """
    java = shutil.which("java")
    if java is None or not (JAVA_LIBS / "jena-shacl.jar").is_file():
        return None
    if not list(JAVA_LIBS.glob("xercesImpl*.jar")):
        return None
    _xerces_resources(scratch)
    jars = [str(p) for p in sorted(JAVA_LIBS.glob("*.jar")) if not _LOGGING_JARS.search(p.name)]
    jars += [str(JAVA_LIBS / "slf4j-api.jar"), str(JAVA_LIBS / "slf4j-nop.jar")]
    return [java, "-cp", os.pathsep.join([str(scratch), *jars]), "shacl.shacl"]


def jena_command(scratch: Path) -> list[str] | None:
    """Return the command that runs Jena's ``shacl`` tool (``validate`` and options follow).

    Jena's own ``shacl`` script on PATH first, then Debian's jars (``scratch`` receives what
    they need unpacked); None where neither is installed.
    """
    found = shutil.which("shacl")
    if found is not None:
        return [found]
    return debian_command(scratch)


def jena_available() -> bool:
    """Tell whether the ``jena`` engine can run here (Java and Jena installed).

    >>> isinstance(jena_available(), bool)
    True
    """
    if shutil.which("shacl") is not None:
        return True
    return (
        shutil.which("java") is not None
        and (JAVA_LIBS / "jena-shacl.jar").is_file()
        and bool(list(JAVA_LIBS.glob("xercesImpl*.jar")))
    )


def _no_network() -> None:  # pragma: no cover - in the forked child, before exec
    """Refuse network sockets to the Java process, and kill it when its parent dies."""
    from csrgraph.process import sandbox

    sandbox.die_with_parent(os.getppid())
    sandbox.block_sockets() or sandbox.isolate_network()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no message"


def run_jena(
    store: pyoxigraph.Store | list[pyoxigraph.Quad],
    shapes: rdflib.Graph,
    where: str,
    timeout: float | None = None,
) -> bytes:
    """Validate the quads of ``store`` (as one graph) against ``shapes`` with Jena.

    Returns Jena's validation report as Turtle bytes.

    Raises:
        UsageError: Java or Jena is not installed.
        InputError: Jena cannot run these shapes or wrote no report.
        QueryTimeout: ``timeout`` seconds passed (the Java process is killed).

    """
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(prefix="csrgraph-jena-") as name:
        folder = Path(name)
        command = jena_command(folder / "classpath")
        if command is None:
            raise UsageError(f"the jena engine needs Java and Apache Jena: {_INSTALL}")
        data_file, shapes_file, report_file = (
            folder / "data.nt",
            folder / "shapes.nt",
            folder / "report.ttl",
        )
        with data_file.open("wb") as out:  # named graphs too: one data graph, as for pySHACL
            ox.serialize((quad.triple for quad in store), out, ox.RdfFormat.N_TRIPLES)
        shapes.serialize(shapes_file, format="nt", encoding="utf-8")
        arguments = ["validate", "--shapes", str(shapes_file), "--data", str(data_file)]
        try:
            with report_file.open("wb") as report_out:
                done = subprocess.run(
                    [*command, *arguments],
                    stdin=subprocess.DEVNULL,
                    stdout=report_out,
                    stderr=subprocess.PIPE,
                    timeout=timeout,
                    preexec_fn=_no_network,  # before exec: the sandbox of the Java process
                    check=False,
                )
        except subprocess.TimeoutExpired:
            raise QueryTimeout(
                f"{where}: validation stopped after the time limit of {timeout or 0:g} s"
            ) from None
        report = report_file.read_bytes()
    if done.returncode != 0 or not report.strip():
        stderr = done.stderr.decode("utf-8", "replace")
        raise InputError(f"{where}: Jena shacl failed: {_last_line(stderr)}")
    return report
