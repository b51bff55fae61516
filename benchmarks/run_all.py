"""Run every benchmark and print one report (Markdown), with the machine it ran on.

The scripts run one after the other as children; each writes ``benchmarks/results/*.json``
(gitignored). The full run (CLI paths, the scale curve to 1M triples with the index,
validation at 10k and 100k) takes about 4-5 minutes on 2 cores; ``--quick`` stops at
10k triples and takes under a minute.

``load_throughput.py`` (the triple-store upload benchmark) needs a local Oxigraph server
and is run on its own.

Run: python benchmarks/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _harness import HERE, PYCACHE_VARIABLE, PYTHON, describe_children, machine, pycache_prefix

FULL = [
    ("CLI paths (bundled graph)", ["cli_paths.py", "--rounds", "7"]),
    (
        "Scale: pay-by-experience with --data",
        ["scale.py", "--sizes", "1000,10000,100000,1000000", "--rounds", "5"],
    ),
    ("Validation", ["validation.py", "--sizes", "10000,100000", "--rounds", "3"]),
]
QUICK = [
    ("CLI paths (bundled graph)", ["cli_paths.py", "--rounds", "5"]),
    (
        "Scale: pay-by-experience with --data",
        ["scale.py", "--sizes", "1000,10000", "--rounds", "3", "--large-rounds", "3"],
    ),
    ("Validation", ["validation.py", "--sizes", "10000", "--rounds", "1"]),
]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print their tables."""
    parser = argparse.ArgumentParser(description="Run all benchmarks.")
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer rounds")
    args = parser.parse_args(argv)
    info = machine()
    sections = [
        "# csrgraph benchmarks",
        f"Machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, "
        + ", ".join(f"{k} {v}" for k, v in dict(info["packages"]).items()),  # type: ignore[call-overload]
        describe_children(),
    ]
    # One bytecode cache for every script's children (each warm-up still runs uncounted).
    env = {**os.environ, PYCACHE_VARIABLE: pycache_prefix()}
    status = 0
    for title, script in QUICK if args.quick else FULL:
        print(f"== {title}", file=sys.stderr)
        start = time.perf_counter()
        done = subprocess.run(
            [PYTHON, str(HERE / script[0]), *script[1:]],
            cwd=HERE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        took = time.perf_counter() - start
        if done.returncode:
            status = 1
            sections.append(f"## {title}\n\nFAILED (exit {done.returncode})")
            continue
        sections.append(f"## {title}\n\n{done.stdout.strip()}\n\n(took {took:.0f} s)")
    print("\n\n".join(sections))
    return status


if __name__ == "__main__":
    sys.exit(main())
