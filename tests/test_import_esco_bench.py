"""Smoke run of benchmarks/import_esco.py at a small size (no timing is asserted).

Also checks that the floor does the importer's work: its triples are the importer's, less
only what the floor leaves out (the dataset description, a few coded columns).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
from test_benchmarks_smoke import BENCHMARKS, script


def test_benchmark_runs_at_a_small_size(tmp_path: Path) -> None:
    out = script(
        "import_esco.py", "--occupations", "128", "--skills", "252", "--rounds", "1",
        env={"CSRGRAPH_BENCH_RESULTS": str(tmp_path)},
    )  # fmt: skip
    assert "| input | rows | import s | floor s | ratio |" in out
    saved = json.loads((tmp_path / "import_esco.json").read_text())
    assert len(saved["results"]) == 2
    full = saved["results"][1]
    assert full["counts"]["occupations"] == 128 and full["counts"]["skills"] == 252
    assert full["counts"]["relations"] > 128 * 30
    assert full["median_s"] > 0 and full["floor_median_s"] > 0


def test_the_floor_writes_the_importers_triples(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import import_esco as bench
    finally:
        sys.path.remove(str(BENCHMARKS))
    from csrgraph.importers.esco import import_esco

    folder = tmp_path / "esco"
    counts = bench.generate(folder, 64, 126)
    assert counts["occupations"] == 64
    bench.floor(folder, tmp_path / "floor.nt")
    import_esco([folder], tmp_path / "import.nt", fmt="nt", version="1.2.0")
    floor = {q.triple for q in ox.parse(path=str(tmp_path / "floor.nt"))}
    ours = {q.triple for q in ox.parse(path=str(tmp_path / "import.nt"))}
    assert len(floor) > 5000
    assert floor <= ours
    left_out = {t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in ours - floor}
    assert len(ours - floor) < 0.1 * len(ours), left_out
