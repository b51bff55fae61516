"""The real engines, servers and validators the tests run against, found on this machine.

Each is installed by the project's own files: the Oxigraph server from PyPI (the test extra),
Virtuoso, Apache Jena, a JRE and Graphviz from Debian (``.ci/run``). A test that needs one calls
:func:`need`, which skips with the reason where the tool is absent, and fails instead when
``CSRGRAPH_REQUIRE_EXTERNAL=1`` is set (as ``.ci/run`` sets it), so CI cannot pass by skipping.
Tests that use an external tool carry the ``external`` marker; ``conftest.py`` counts them and
prints one line at the end of the run that ``.ci/run`` checks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from csrgraph.validation.jena import _LOGGING_JARS, JAVA_LIBS
from csrgraph.validation.jena import _xerces_resources as _unpack_xerces

#: Set by .ci/run: a missing external tool is a failure there, not a skip.
REQUIRED = os.environ.get("CSRGRAPH_REQUIRE_EXTERNAL") == "1"


def need(tool: str, found: bool, install: str) -> None:
    """Skip (or, in CI, fail) the calling test when ``tool`` is not on this machine.

    ``install`` says how to get it, e.g. ``"apt-get install virtuoso-opensource"``.
    """
    if found:
        return
    message = f"{tool} is not installed ({install})"
    if REQUIRED:
        pytest.fail(f"CSRGRAPH_REQUIRE_EXTERNAL=1 but {message}")
    pytest.skip(message)


def java() -> str | None:
    """The ``java`` executable, or None."""
    return shutil.which("java")


@cache
def _xerces_resources(root: str) -> str:
    """Unpack the Xerces resources Debian's Jena lacks into ``root`` (as the jena engine does)."""
    _unpack_xerces(Path(root))
    return root


def jena_classpath(scratch: Path) -> str | None:
    """The class path for Debian's Apache Jena 4 commands (``arq.sparql``, ``shacl.shacl``).

    None when Jena (``libapache-jena-java``) or Xerces (``libxerces2-java``) is missing.
    """
    if not (JAVA_LIBS / "jena-arq.jar").is_file() or not list(JAVA_LIBS.glob("xercesImpl*.jar")):
        return None
    jars = [str(p) for p in sorted(JAVA_LIBS.glob("*.jar")) if not _LOGGING_JARS.search(p.name)]
    jars += [str(JAVA_LIBS / "slf4j-api.jar"), str(JAVA_LIBS / "slf4j-nop.jar")]
    return os.pathsep.join([_xerces_resources(str(scratch)), *jars])


def jena(scratch: Path) -> list[str]:
    """``["java", "-cp", CLASSPATH]`` for running a Jena command class; skips when absent."""
    exe = java()
    need("a Java runtime", exe is not None, "apt-get install default-jre-headless")
    classpath = jena_classpath(scratch)
    need(
        "Apache Jena",
        classpath is not None,
        "apt-get install libapache-jena-java libxerces2-java",
    )
    assert exe is not None and classpath is not None
    return [exe, "-cp", classpath]


def jena_shacl(data: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    """Validate ``data`` (N-Triples, with the ontology added here) with Jena ``shacl validate``.

    Jena's validator is the fastest at the size of a whole release (about a minute for 600,000
    triples on 2 cores, where pyshacl-turbo takes over 15); skips when Jena is absent.
    """
    import pyoxigraph as ox

    from csrgraph.resources import ontology_files, shapes_files

    command = jena(scratch / "classpath")
    merged = scratch / "data-with-ontology.nt"
    with merged.open("wb") as out, data.open("rb") as source:
        shutil.copyfileobj(source, out)
        for file in ontology_files():
            ontology = ox.parse(path=str(file), format=ox.RdfFormat.TURTLE)
            ox.serialize((q.triple for q in ontology), out, ox.RdfFormat.N_TRIPLES)
    (shapes,) = shapes_files()
    return subprocess.run(
        [
            *command,
            "-Xmx4g",
            "shacl.shacl",
            "validate",
            "--shapes",
            str(shapes),
            "--data",
            str(merged),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def virtuoso() -> str:
    """The ``virtuoso-t`` server executable; skips when absent."""
    exe = shutil.which("virtuoso-t")
    need("Virtuoso", exe is not None, "apt-get install virtuoso-opensource")
    assert exe is not None
    return exe
