"""Bounded resources: size and nesting limits, linear checks, crashes and orphans contained."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csrgraph.errors import QueryError, UsageError
from csrgraph.sparql import check, evaluate
from csrgraph.sparql.policy import MAX_DEPTH, MAX_OPERATORS, MAX_QUERY_CHARS, MAX_TOKENS

CSRGRAPH = str(Path(sys.executable).with_name("csrgraph"))
RUNAWAY = Path(__file__).parent / "fixtures" / "queries" / "runaway.rq"

#: Queries on which pyoxigraph 0.5.13's parser overflowed its stack (exit 139, no message).
CRASHERS = {
    "5000-nested-parentheses": "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "3000-nested-braces": "SELECT * " + "{" * 3000 + "}" * 3000,
    "20000-term-or-chain": "SELECT * { FILTER(" + "||".join(["1"] * 20000) + ") }",
    "10000-unions": "SELECT * { " + " UNION ".join(["{}"] * 10000) + " }",
    "3000-nested-optionals": "SELECT * { " + "OPTIONAL { " * 3000 + "}" * 3000 + " }",
}

#: Text built to make a backtracking pattern take quadratic or exponential time.
ADVERSARIAL = {
    "dotted-names": "SELECT * { " + "a." * 120_000 + " }",
    "colons": "SELECT * { " + "a:" * 120_000 + " }",
    "less-thans": "SELECT * { FILTER(" + "1<" * 60_000 + "1) }",
    "open-iris": "SELECT * { " + "<a " * 80_000 + "}",
    "long-string": 'SELECT * { FILTER("' + "a" * 250_000 + '") }',
    "unclosed-long-strings": 'SELECT * { """' + 'a"' * 120_000,
    "escapes": 'SELECT * { FILTER("' + "\\u0041" * 40_000 + '") }',
    "one-megabyte": "a." * 500_000,
}


@pytest.mark.parametrize("case", sorted(CRASHERS))
def test_a_query_that_crashed_the_engine_is_refused_with_exit_code_2(case: str) -> None:
    with pytest.raises(UsageError) as caught:
        check(CRASHERS[case])
    assert caught.value.exit_code == 2
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("case", ["5000-nested-parentheses", "20000-term-or-chain"])
def test_the_command_says_one_line_instead_of_crashing(case: str) -> None:
    done = subprocess.run(
        [CSRGRAPH, "query", "-e", CRASHERS[case]], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1


def test_a_crash_of_the_engine_in_the_child_becomes_one_error() -> None:
    """Past the check (called directly), the child's segfault is a QueryError, not a crash."""
    text = CRASHERS["5000-nested-parentheses"]
    with pytest.raises(QueryError, match="ended without an answer") as caught:
        evaluate.in_child(text, {}, {}, [], "<query>", "SELECT", 60.0)
    assert "\n" not in str(caught.value)


def test_the_limits_leave_room_for_real_queries() -> None:
    assert MAX_DEPTH >= 64 and MAX_OPERATORS >= 1000 and MAX_TOKENS >= 10_000
    assert MAX_QUERY_CHARS >= 64 * 1024
    nested = "SELECT * { FILTER(" + "(" * (MAX_DEPTH - 10) + "1" + ")" * (MAX_DEPTH - 10) + ") }"
    assert check(nested).form == "SELECT"


def test_adversarial_texts_are_decided_without_a_hang() -> None:
    """Every adversarial text is checked in a child; the timeout only guards against a hang."""
    code = (
        "import sys, json\n"
        "from csrgraph.sparql import check, tokenize\n"
        "from csrgraph.errors import CsrgraphError\n"
        "for text in json.load(sys.stdin):\n"
        "    try:\n"
        "        check(text)\n"
        "        tokenize(text)  # the binding plan reads accepted text too\n"
        "        print('accepted')\n"
        "    except CsrgraphError as err:\n"
        "        print('refused', type(err).__name__)\n"
    )
    import json

    texts = [ADVERSARIAL[name] for name in sorted(ADVERSARIAL)]
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcomes = done.stdout.split("\n")[:-1]
    assert len(outcomes) == len(texts) == 8
    assert all(
        line in ("accepted", "refused UsageError", "refused QueryError") for line in outcomes
    )


def _children(pid: int) -> list[int]:
    """Return the pids of the children of ``pid`` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.extend(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PDEATHSIG is Linux")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_the_evaluation_child_dies_with_the_command(signum: int) -> None:
    parent = subprocess.Popen(
        [CSRGRAPH, "query", "--timeout", "300", str(RUNAWAY)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        child = None
        for _ in range(300):  # up to 30 s for the child to start
            children = _children(parent.pid) if parent.poll() is None else []
            if children:
                child = children[0]
                break
            time.sleep(0.1)
        assert child is not None, "no evaluation child appeared"
        time.sleep(0.3)
        os.kill(parent.pid, signum)
        parent.wait(30)
        for _ in range(100):  # up to 10 s for the child to go
            if not _alive(child):
                break
            time.sleep(0.1)
        assert not _alive(child), "the evaluation child outlived the command"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


@pytest.mark.parametrize("name", ["tasks", "pay-by-experience", "occupation"])
def test_the_sandboxed_child_gives_the_same_answer(name: str) -> None:
    from csrgraph.sparql import run_query

    here = run_query(name)
    isolated = run_query(name, isolate=True)
    assert len(here) > 0
    assert (isolated.variables, isolated.rows) == (here.variables, here.rows)


def test_decoding_an_answer_stops_at_the_deadline() -> None:
    from csrgraph.sparql.results import QueryResult, _decode_result, _encode_result

    result = QueryResult("select", variables=["n"], rows=[(None,)] * 5000)
    payload = _encode_result(result)
    assert _decode_result("select", payload, {}, time.monotonic() + 3600) is not None
    assert _decode_result("select", payload, {}, time.monotonic() - 1) is None
