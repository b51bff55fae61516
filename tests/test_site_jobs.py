"""The site's pages written by several processes: the same site, and nothing left on failure."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from csrgraph.errors import InputError, QueryError, UsageError
from csrgraph.process import child
from csrgraph.site import build, pages
from csrgraph.site.build import build_site
from csrgraph.site.writers import workers

SECOND = Path(__file__).parent / "fixtures" / "second" / "help-desk-agent.ttl"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@needs_fork
def test_three_processes_write_the_same_site_as_one(tmp_path: Path) -> None:
    one = build_site(tmp_path / "one", [SECOND], jobs=1)
    three = build_site(tmp_path / "three", [SECOND], jobs=3)
    assert (one.pages, one.files) == (three.pages, three.files)
    first, second = _files(tmp_path / "one"), _files(tmp_path / "three")
    assert len(first) == one.files > 200
    assert first == second


@needs_fork
def test_a_failing_writer_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pages.resource_page

    def failing(site: pages.SiteGraph, iri: str, lang: str, *args: Any) -> tuple[str, str]:
        if site.kinds[iri] == "occupation":  # in one child only (the occupations' share)
            raise OSError(28, "No space left on device", str(tmp_path / "x.html"))
        return real(site, iri, lang, *args)

    monkeypatch.setattr(pages, "resource_page", failing)
    with pytest.raises(InputError, match="No space left on device"):
        build_site(tmp_path / "site", jobs=2)
    assert list(tmp_path.iterdir()) == []  # neither the site nor its temporary folder


def test_jobs_out_of_range_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    for jobs in (0, -1, 65):
        with pytest.raises(UsageError, match="jobs must be between 1 and 64"):
            build_site(tmp_path / "site", jobs=jobs)
    assert list(tmp_path.iterdir()) == []
    assert workers(None, 10) == 1  # a small site: no child process
    assert 1 <= workers(None, 10**6) <= 8


@pytest.mark.parametrize("value", ["0", "65", "\u0663", "1_0"])
def test_cli_refuses_a_bad_jobs_value(cli, tmp_path: Path, value: str) -> None:
    result = cli("site", "-o", str(tmp_path / "s"), "-j", value)
    assert result.exit_code == 2
    assert "Error:" in result.output and "--jobs" in result.output
    assert not (tmp_path / "s").exists()


def test_serve_refuses_a_port_in_other_digits(cli, tmp_path: Path) -> None:
    result = cli("serve", str(tmp_path), "--port", "\u0663")
    assert result.exit_code == 2
    assert "Error:" in result.output and "--port" in result.output


@needs_fork
def test_run_all_answers_in_order_and_stops_the_others_on_a_failure() -> None:
    assert child.run_all([lambda: b"1", lambda: b"22", lambda: b""], name="t", what="task") == [
        b"1",
        b"22",
        b"",
    ]

    def fails() -> bytes:
        raise QueryError("the second share failed")

    def sleeps() -> bytes:  # killed when the other fails, long before it would end
        time.sleep(60)
        return b"late"

    started = time.monotonic()
    with pytest.raises(QueryError, match="the second share failed"):
        child.run_all([sleeps, fails], name="t", what="task")
    assert time.monotonic() - started < 30


def _no_space(tmp_path: Path) -> Any:
    real = pages.resource_page

    def failing(site: pages.SiteGraph, iri: str, lang: str, *args: Any) -> tuple[str, str]:
        if site.kinds[iri] == "occupation":
            raise OSError(28, "No space left on device", str(tmp_path / ".site.building-x" / "a"))
        return real(site, iri, lang, *args)

    return failing


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_write_error_names_the_output_not_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(pages, "resource_page", _no_space(tmp_path))
    out = tmp_path / "site"
    with pytest.raises(InputError) as caught:
        build_site(out, jobs=jobs)
    assert str(caught.value) == f"{out}: cannot write (No space left on device)"
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_folder_that_cannot_be_made_names_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: Any, **kwargs: Any) -> str:
        raise OSError(30, "Read-only file system", str(tmp_path / ".site.building-x"))

    monkeypatch.setattr(build.tempfile, "mkdtemp", read_only)
    out = tmp_path / "site"
    with pytest.raises(InputError, match=r"site: cannot write \(Read-only file system\)$"):
        build_site(out, jobs=1)


@needs_fork
def test_a_partial_site_that_cannot_be_removed_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a disk turned read-only during the build: the temporary folder cannot be removed
    monkeypatch.setattr(pages, "resource_page", _no_space(tmp_path))
    monkeypatch.setattr(build.shutil, "rmtree", lambda path, ignore_errors=False: None)
    with pytest.raises(InputError) as caught:
        build_site(tmp_path / "site", jobs=2)
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".site.building-")]
    assert len(left) == 1
    assert str(caught.value).endswith(f"; the partial site is left in {left[0]} (remove it)")


def _hub(count: int) -> str:
    """A concept many others point at (labels that tie), as Turtle."""
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "<https://w3id.org/csrgraph/hub/h> a skos:Concept ; skos:prefLabel 'hub'@en .",
    ]
    for n in range(count):
        label = f"member {n % 7}"  # seven labels shared: the order of ties is the IRIs'
        lines.append(
            f"<https://w3id.org/csrgraph/member/m{n:03d}> a skos:Concept ; "
            f"skos:prefLabel '{label}'@en ; skos:related <https://w3id.org/csrgraph/hub/h> ."
        )
    return "\n".join(lines) + "\n"


def test_data_files_and_their_index_give_the_same_site(tmp_path: Path) -> None:
    from csrgraph.graph.index import build_index

    data = tmp_path / "hub.ttl"
    data.write_text(_hub(120), encoding="utf-8")
    build_index([data], tmp_path / "index")
    build_site(tmp_path / "from-data", [data], jobs=1)
    build_site(tmp_path / "from-index", store_dir=tmp_path / "index", jobs=1)
    first, second = _files(tmp_path / "from-data"), _files(tmp_path / "from-index")
    assert (tmp_path / "from-data" / "_refs" / "hub" / "h.en.html").is_file()  # over 50
    assert sorted(first) == sorted(second)
    differ = sorted(name for name in first if first[name] != second[name])
    assert differ == []
