"""Shared helpers of the benchmark scripts: run a child, time it, take medians, save results.

Every measurement is a fresh child process (a cold start: its own interpreter, its own
imports), timed by wall clock from spawn to exit; its peak memory is the child's own
``ru_maxrss`` read with ``os.wait4`` (so one big child cannot inflate the next figure).
Commands and their floors run alternately (A B A B ...), so drift in the machine's load
hits both alike, and the median of the rounds is reported.

Children run as from an installed wheel: with bytecode caching on. ``PYTHONDONTWRITEBYTECODE``
is removed from their environment (a development shell may set it, and then every run would
recompile csrgraph's modules), and ``PYTHONPYCACHEPREFIX`` points to a temporary folder (shared
with the child scripts of ``run_all.py`` through ``CSRGRAPH_BENCH_PYCACHE``), so no
``__pycache__`` lands in the source tree; the uncounted warm-up run of each command fills it.
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Where results go (``CSRGRAPH_BENCH_RESULTS`` overrides it, e.g. for the smoke test).
RESULTS = Path(os.environ.get("CSRGRAPH_BENCH_RESULTS") or HERE / "results")
PYTHON = sys.executable
#: The csrgraph entry point of the interpreter running the benchmarks.
CSRGRAPH = str(Path(PYTHON).with_name("csrgraph"))
#: Names the bytecode cache folder to share (set by ``run_all.py`` for its scripts).
PYCACHE_VARIABLE = "CSRGRAPH_BENCH_PYCACHE"

_pycache: str | None = None


def pycache_prefix() -> str:
    """Return the bytecode cache folder of the children (made once, removed at exit).

    ``CSRGRAPH_BENCH_PYCACHE`` names one to share; otherwise a temporary folder is made.
    """
    global _pycache
    if _pycache is None:
        shared = os.environ.get(PYCACHE_VARIABLE)
        if shared:
            _pycache = shared
        else:
            _pycache = tempfile.mkdtemp(prefix="csrgraph-bench-pycache-")
            atexit.register(shutil.rmtree, _pycache, ignore_errors=True)
    return _pycache


def child_environment() -> dict[str, str]:
    """Return the environment of a measured child: bytecode written and read, as installed.

    >>> env = child_environment()
    >>> "PYTHONDONTWRITEBYTECODE" in env, env["PYTHONPYCACHEPREFIX"] == pycache_prefix()
    (False, True)
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache_prefix()
    return env


def children_settings() -> dict[str, object]:
    """Return the bytecode settings of the measured children (saved with every result)."""
    env = child_environment()
    return {
        "PYTHONDONTWRITEBYTECODE": env.get("PYTHONDONTWRITEBYTECODE"),
        "PYTHONPYCACHEPREFIX": env.get("PYTHONPYCACHEPREFIX"),
    }


def describe_children() -> str:
    """Say how the children run (for the printed header)."""
    return (
        "Children run with bytecode caching as from an installed wheel: PYTHONDONTWRITEBYTECODE "
        f"unset, PYTHONPYCACHEPREFIX={pycache_prefix()} (filled by the uncounted warm-up run)."
    )


@dataclass
class Run:
    """One child process: wall seconds, peak RSS in MiB, exit code."""

    seconds: float
    peak_mib: float
    returncode: int


@dataclass
class Comparison:
    """A command against its floor (and maybe a second one): the rounds and their medians."""

    name: str
    command: list[str]
    floor: list[str]
    runs: list[Run] = field(default_factory=list)
    floor_runs: list[Run] = field(default_factory=list)
    #: A second floor (e.g. the bare engine plus ``import click``), or None.
    floor2: list[str] | None = None
    floor2_runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall seconds of the command."""
        return statistics.median(r.seconds for r in self.runs)

    @property
    def floor_median(self) -> float:
        """Median wall seconds of the floor."""
        return statistics.median(r.seconds for r in self.floor_runs)

    @property
    def ratio(self) -> float:
        """Command median over floor median."""
        return self.median / self.floor_median

    @property
    def floor2_median(self) -> float | None:
        """Median wall seconds of the second floor, None without one."""
        if not self.floor2_runs:
            return None
        return statistics.median(r.seconds for r in self.floor2_runs)

    @property
    def ratio2(self) -> float | None:
        """Command median over the second floor's median, None without one."""
        second = self.floor2_median
        return None if second is None else self.median / second

    @property
    def peak_mib(self) -> float:
        """Largest peak RSS of the command's rounds."""
        return max(r.peak_mib for r in self.runs)

    @property
    def floor_peak_mib(self) -> float:
        """Largest peak RSS of the floor's rounds."""
        return max(r.peak_mib for r in self.floor_runs)

    def summary(self) -> dict[str, object]:
        """Return the figures as a JSON-ready dict."""
        second: dict[str, object] = {}
        if self.floor2 is not None:
            second = {
                "floor2": self.floor2,
                "floor2_median_s": round(self.floor2_median or 0.0, 4),
                "ratio2": round(self.ratio2 or 0.0, 3),
                "floor2_runs": [asdict(r) for r in self.floor2_runs],
            }
        return {
            "name": self.name,
            "command": self.command,
            "floor": self.floor,
            "median_s": round(self.median, 4),
            "floor_median_s": round(self.floor_median, 4),
            "ratio": round(self.ratio, 3),
            "peak_mib": round(self.peak_mib, 1),
            "floor_peak_mib": round(self.floor_peak_mib, 1),
            "runs": [asdict(r) for r in self.runs],
            "floor_runs": [asdict(r) for r in self.floor_runs],
            **second,
        }


def run(command: Sequence[str], *, cwd: Path | None = None, check: bool = True) -> Run:
    """Run ``command`` with stdout discarded; return its wall time and peak memory.

    Raises:
        RuntimeError: the command failed (``check``), with its stderr.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=child_environment(),
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if check and process.returncode not in (0,):
        raise RuntimeError(
            f"{' '.join(command)} exited {process.returncode}:\n{errors.decode(errors='replace')}"
        )
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode)


def compare(
    name: str,
    command: Sequence[str],
    floor: Sequence[str],
    rounds: int,
    *,
    accept: Sequence[int] = (0,),
    floor2: Sequence[str] | None = None,
) -> Comparison:
    """Time ``command`` and its floor(s) in turn ``rounds`` times each (after one warm-up).

    ``accept`` lists the exit codes that count as success for all (validate exits 1 when
    the data does not conform, and so does its floor). ``floor2`` is an optional second
    floor, run in the same rotation (A B C A B C ...).

    The warm-up round of each (not counted) brings the files into the page cache and the
    bytecode into the children's cache, so every counted round is a cold interpreter on warm
    files, for all alike.
    """
    result = Comparison(
        name, list(command), list(floor), floor2=None if floor2 is None else list(floor2)
    )
    argvs = [command, floor] if floor2 is None else [command, floor, floor2]
    for argv in argvs:
        _checked(argv, accept)
    for _ in range(rounds):
        result.runs.append(_checked(command, accept))
        result.floor_runs.append(_checked(floor, accept))
        if floor2 is not None:
            result.floor2_runs.append(_checked(floor2, accept))
    return result


def _checked(argv: Sequence[str], accept: Sequence[int]) -> Run:
    """Run and insist on an accepted exit code (validate exits 1 on non-conforming data)."""
    outcome = run(argv, check=False)
    if outcome.returncode not in accept:
        run(argv, check=True)  # raises with the stderr
    return outcome


def machine() -> dict[str, object]:
    """Describe the machine: cores, CPU model, Python, platform."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions: dict[str, str] = {}
    from importlib.metadata import PackageNotFoundError, version

    for package in ("csrgraph", "pyoxigraph", "rdflib", "pyshacl", "click"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "?"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def save(name: str, payload: dict[str, object]) -> Path:
    """Write ``benchmarks/results/<name>.json`` (with the machine) and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{name}.json"
    document = {"machine": machine(), "children": children_settings(), **payload}
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return target


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Format a Markdown table (right-aligned numbers)."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.3f}" if value < 10 else f"{value:.1f}"
        return str(value)

    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ratio: float, limit: float = 1.2) -> str:
    """Return ``ok`` or ``OVER`` for a ratio against the 1.2x target."""
    return "ok" if ratio <= limit else "OVER"
