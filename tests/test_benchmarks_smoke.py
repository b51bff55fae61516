"""Smoke runs of the benchmark scripts at their smallest size (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csrgraph import run_query
from csrgraph.graph.parsing import parse_file

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = [
    "run_all.py",
    "cli_paths.py",
    "scale.py",
    "validation.py",
    "generate.py",
    "validation_release.py",
    "index_build.py",
    "load_throughput.py",
    "search.py",
    "site_search.py",
    "site_build.py",
    "queries_full.py",
]


def script(name: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run a benchmark script with this interpreter; return its stdout."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def one_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's smallest output: one cloned occupation."""
    target = tmp_path_factory.mktemp("bench") / "clones.nt"
    script("generate.py", "--triples", "1000", "-o", str(target))
    return target


def test_the_scripts_are_there() -> None:
    present = sorted(p.name for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_"))
    assert len(present) >= len(SCRIPTS)
    assert set(SCRIPTS) <= set(present)
    floors = sorted(p.name for p in (BENCHMARKS / "floors").glob("*.py"))
    assert floors == [
        "export.py",
        "export_click.py",
        "query.py",
        "query_click.py",
        "validate.py",
        "write_files.py",
    ]


def code_lines(path: Path) -> list[str]:
    """Return the statements of a floor script: no docstring, no blank lines."""
    text = path.read_text(encoding="utf-8")
    body = text.split('"""', 2)[2]
    return [line for line in body.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["query", "export"])
def test_a_click_floor_is_the_bare_floor_after_import_click(name: str) -> None:
    bare = code_lines(BENCHMARKS / "floors" / f"{name}.py")
    with_click = code_lines(BENCHMARKS / "floors" / f"{name}_click.py")
    assert len(bare) >= 5
    imports_click = [line for line in with_click if line.startswith("import click")]
    assert len(imports_click) == 1
    assert [line for line in with_click if line not in imports_click] == bare


def test_generator_clones_with_new_iris(one_clone: Path) -> None:
    quads = parse_file(one_clone).quads
    assert len(quads) > 1000
    ours = {
        q.subject.value
        for q in quads
        if q.subject.value.startswith("https://w3id.org/csrgraph/") and "#" not in q.subject.value
    }
    assert len(ours) > 50
    assert all(iri.endswith("-c1") for iri in ours)


def test_a_clone_is_one_more_occupation_for_the_queries(one_clone: Path) -> None:
    alone = run_query("occupation").records()
    cloned = run_query("occupation", data=[one_clone]).records()
    assert len(alone) >= 1
    assert len(cloned) == 2 * len(alone)
    bands = run_query("pay-by-experience").records()
    assert len(bands) >= 1
    assert len(run_query("pay-by-experience", data=[one_clone]).records()) == 2 * len(bands)


def test_scale_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    out = script(
        "scale.py",
        "--sizes",
        "1000",
        "--rounds",
        "1",
        "--large-rounds",
        "1",
        env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)},
    )
    assert "| --data triples | query s | floor s | ratio | click + engine s | ratio |" in out
    saved = json.loads((tmp_path / "scale.json").read_text())
    assert saved["machine"]["nproc"] >= 1
    assert len(saved["results"]) == 1
    result = saved["results"][0]
    assert result["triples"] > 1000
    assert result["median_s"] > 0 and result["floor_median_s"] > 0
    assert len(result["runs"]) == len(result["floor_runs"]) == len(result["floor2_runs"]) == 1
    assert result["floor2"][1].endswith("query_click.py")
    if saved["index"] is not None:  # present once query takes --store-dir
        assert saved["index"]["index_build_s"] > 0


def test_cli_paths_benchmark_runs_once_with_both_floors(tmp_path: Path) -> None:
    out = script(
        "cli_paths.py",
        "--rounds",
        "1",
        # as this environment may set it: the children must still write their bytecode
        env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert "| path | csrgraph s | floor s | ratio | click + engine s | ratio |" in out
    saved = json.loads((tmp_path / "cli_paths.json").read_text())
    assert saved["children"]["PYTHONDONTWRITEBYTECODE"] is None
    assert saved["children"]["PYTHONPYCACHEPREFIX"]
    by_name = {r["name"]: r for r in saved["results"]}
    assert len(by_name) == 5
    assert {"--help", "queries", "validate", "export"} < set(by_name)
    with_two = sorted(name for name, r in by_name.items() if "floor2" in r)
    assert with_two == ["export", "query pay-by-experience"]
    for name in with_two:
        assert by_name[name]["floor2"][1].endswith("_click.py")
        assert by_name[name]["ratio2"] > 0
        assert len(by_name[name]["floor2_runs"]) == 1


def test_the_query_floor_answers_exactly_as_csrgraph(tmp_path: Path) -> None:
    """The floor runs the text csrgraph evaluates (parameters bound alike): same CSV bytes."""
    from csrgraph.resources import graph_files

    query_file = tmp_path / "engine.rq"
    done = subprocess.run(
        [sys.executable, "-c", "import sys, cli_paths; sys.stdout.write(cli_paths.engine_text())"],
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
        check=True,
    )
    query_file.write_text(done.stdout, encoding="utf-8")
    files = [str(p) for p in graph_files()]
    assert len(files) >= 2
    floor = subprocess.run(
        [sys.executable, str(BENCHMARKS / "floors" / "query.py"), str(query_file), *files],
        capture_output=True,
        check=True,
    ).stdout
    cli = subprocess.run(
        [
            str(Path(sys.executable).with_name("csrgraph")),
            "query",
            "pay-by-experience",
            "-f",
            "csv",
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert floor.count(b"\n") >= 2
    assert floor == cli


def test_search_benchmark_runs_quick(tmp_path: Path) -> None:
    out = script("search.py", "--quick", env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)})
    assert "typos found" in out
    saved = json.loads((tmp_path / "search_quick.json").read_text(encoding="utf-8"))
    assert saved["rounds"] == 3 and len(saved["queries"]) == 16
    assert saved["build_seconds"] > 0


def test_index_build_benchmark_runs_quick(tmp_path: Path) -> None:
    out = script("index_build.py", "--quick", env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)})
    assert "bare Store.bulk_load" in out and "add / rebuild" in out
    saved = json.loads((tmp_path / "index_build.json").read_text(encoding="utf-8"))
    assert set(saved["median_s"]) == {"build", "floor", "floor2", "add"}
    assert saved["add_vs_rebuild"] > 0


def test_load_throughput_quick(tmp_path: Path) -> None:
    out = script("load_throughput.py", "--quick", env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)})
    assert "csrgraph load t/s" in out and "| ratio |" in out
    (result,) = json.loads((tmp_path / "load_throughput.json").read_text())["results"]
    assert result["server"] == "oxigraph" and result["triples"] > 2000
    assert result["floor"] in ("curl -T", "http.client PUT")
    assert result["ratio"] > 0 and result["csrgraph_peak_mib"] > 0


def test_validation_release_benchmark_runs_quick(tmp_path: Path) -> None:
    """``--quick``: one small size, an engine validate lacks skipped, both floors in the run."""
    out = script(
        "validation_release.py",
        "--quick",
        "--engines",
        "auto,no-such-engine",
        env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)},
    )
    assert "| size | lines | command | s | peak MiB | exit | vs Jena | note |" in out
    saved = json.loads((tmp_path / "validation_release.json").read_text())
    assert saved["engines"] == ["auto"]
    by_command = {row["command"]: row for row in saved["results"]}
    assert len(saved["results"]) == 3
    assert by_command["csrgraph --engine auto"]["median_s"] > 0
    assert by_command["floor: pyshacl.validate"]["median_s"] > 0
    jena = by_command["floor: jena shacl"]
    assert jena.get("median_s", 0) > 0 or jena["note"].startswith("not run")


def test_queries_full_measures_on_the_sample_imports(tmp_path: Path) -> None:
    out = script(
        "queries_full.py",
        "--quick",
        "--only",
        "imported-records",
        "tasks",
        env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)},
    )
    rows = [line for line in out.splitlines() if line.startswith("| imported-records")]
    assert len(rows) == 2, out
    saved = json.loads((tmp_path / "queries_full.json").read_text(encoding="utf-8"))
    assert {r["query"] for r in saved["results"]} == {"imported-records", "tasks"}
    assert all(r["rows"] > 0 and r["floor_s"] is not None for r in saved["results"])


def test_site_build_benchmark_runs_quick(tmp_path: Path) -> None:
    out = script("site_build.py", "--quick", env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)})
    assert "| case | seconds | floor s | ratio | pages | files | MB | peak MiB |" in out
    (case,) = json.loads((tmp_path / "site_build_quick.json").read_text(encoding="utf-8"))["cases"]
    assert case["name"] == "bundled" and case["pages"] > 100 and case["files"] > case["pages"]
    assert case["median_s"] > 0 and case["floor_median_s"] > 0
