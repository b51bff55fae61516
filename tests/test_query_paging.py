"""Paging a query's answer: ``run_query(limit=, offset=)`` and ``query --limit/--offset``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from csrgraph import run_query
from csrgraph.sparql.catalog import get_query

THREE = "SELECT ?x WHERE { VALUES ?x { 1 2 3 } } ORDER BY ?x"


def test_a_page_keeps_its_rows_and_says_how_many_there_are() -> None:
    page = run_query(THREE, limit=2, offset=1)
    assert page.records() == [{"x": "2"}, {"x": "3"}]
    assert (page.total, page.offset) == (3, 1)


def test_an_answer_that_fits_in_the_page_is_whole() -> None:
    assert run_query(THREE, limit=3).total is None
    assert len(run_query(THREE, limit=3)) == 3


def test_the_users_own_limit_is_kept() -> None:
    page = run_query(THREE + " LIMIT 1", limit=2)
    assert page.records() == [{"x": "1"}]
    assert page.total is None


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_a_bad_limit_is_a_usage_error(bad: object) -> None:
    from csrgraph.errors import UsageError

    with pytest.raises(UsageError):
        run_query(THREE, limit=bad)  # type: ignore[arg-type]


def test_the_cli_shows_a_page_and_a_note_on_stderr(cli: Callable[..., Result]) -> None:
    done = cli("query", "-e", THREE, "--limit", "1", "--offset", "1", "-f", "csv")
    assert done.exit_code == 0
    assert done.stdout.split() == ["x", "2"]
    assert done.stderr == (
        "Note: rows 2-2 of 3 shown (--offset 2 for the next page, --limit 0 for all)\n"
    )


def test_a_query_header_sets_the_page_and_limit_0_shows_all(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    query = tmp_path / "three.rq"
    query.write_text("#+ summary: Three\n#+ page_size: 2\n" + THREE, encoding="utf-8")
    paged = cli("query", str(query), "-f", "csv")
    assert paged.stdout.split() == ["x", "1", "2"]
    assert "Note: rows 1-2 of 3 shown" in paged.stderr
    whole = cli("query", str(query), "--limit", "0", "-f", "csv")
    assert whole.stdout.split() == ["x", "1", "2", "3"]
    assert whole.stderr == ""


def test_the_large_bundled_queries_declare_a_page() -> None:
    paged = ["compare-tasks", "linked-concepts", "occupation", "onet-occupation", "tasks"]
    assert all(get_query(name).page_size == 1000 for name in paged)


def test_a_negative_limit_is_refused_by_the_cli(cli: Callable[..., Result]) -> None:
    done = cli("query", "-e", THREE, "--limit", "-1")
    assert done.exit_code == 2
    assert done.stderr.startswith("Error: --limit")


FORMS = ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <urn:x:a>", "ASK { ?s ?p ?o }"]
assert len(FORMS) == 3


@pytest.mark.parametrize("text", FORMS)
@pytest.mark.parametrize("option", [("--limit", "1"), ("--limit", "0"), ("--offset", "2")])
def test_limit_and_offset_are_refused_for_a_query_without_rows(
    cli: Callable[..., Result], text: str, option: tuple[str, str]
) -> None:
    done = cli("query", "-e", text, *option)
    assert done.exit_code == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Error: --limit and --offset page the rows of a SELECT")
    assert len(done.stderr.splitlines()) == 1


def test_run_query_refuses_a_limit_for_a_query_without_rows() -> None:
    from csrgraph.errors import UsageError

    with pytest.raises(UsageError, match="page the rows of a SELECT; this query is a CONSTRUCT"):
        run_query("CONSTRUCT WHERE { ?s ?p ?o }", limit=1)


def test_a_page_size_default_does_not_refuse_a_construct(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    query = tmp_path / "graph.rq"
    query.write_text("#+ summary: All\n#+ page_size: 2\nASK { ?s ?p ?o }", encoding="utf-8")
    done = cli("query", str(query), "-f", "json")
    assert done.exit_code == 0, done.stderr
