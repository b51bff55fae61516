"""Bad ESCO input: one ``Error:`` line naming file and line, exit code 2, no output file left.

Each case copies the real sample (tests/fixtures/esco) and breaks one file in one place.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from csrgraph.cli import main

SAMPLE = Path(__file__).parent / "fixtures" / "esco"
OCCUPATIONS = "occupations_en.csv"
RELATIONS = "occupationSkillRelations_en.csv"
BROADER = "broaderRelationsOccPillar_en.csv"
CSR = "http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7"


def _replace(name: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / name
        data = path.read_bytes()
        assert old in data, f"mutation anchor {old!r} is not in {name}"
        path.write_bytes(data.replace(old, new, 1))

    return mutate


def _line_of(name: str, anchor: bytes) -> int:
    data = (SAMPLE / name).read_bytes()
    return data[: data.index(anchor)].count(b"\n") + 1


FIRST_RELATION = f"{CSR},essential,".encode()
FIRST_BROADER = b"Occupation,http://data.europa.eu/esco/occupation/"

Case = tuple[str, Callable[[Path], None], str, int | None, str]


def _row_case(case: str, name: str, anchor: bytes, new: bytes, text: str) -> Case:
    """A case that breaks the row holding ``anchor``: the message names that row's line."""
    return (case, _replace(name, anchor, new), name, _line_of(name, anchor), text)


LABEL = b",customer service representative,"
# (id, mutation, file named in the message, line named in the message or None, text in it)
CASES: list[Case] = [
    ("missing-column", _replace(OCCUPATIONS, b",preferredLabel,", b",prefLabel,"),
     OCCUPATIONS, 1, "missing column"),
    _row_case("extra-field", RELATIONS, FIRST_RELATION,
              FIRST_RELATION.replace(b",essential,", b",x,essential,"),
              "4 fields, the header has 3"),
    _row_case("broken-quoting", BROADER, FIRST_BROADER,
              b'Occupation,"http://data.europa.eu/esco/occupation/"x', "expected after '\"'"),
    # the reader notices at the end of the file; the message names the line the row starts on
    _row_case("unterminated-quote", RELATIONS, FIRST_RELATION, b'"' + FIRST_RELATION,
              "end of data"),
    _row_case("not-utf8", OCCUPATIONS, LABEL, b",customer \xff,", "UTF-8"),
    _row_case("bad-iri", RELATIONS, FIRST_RELATION,
              FIRST_RELATION.replace(b"http://", b"http:// ", 1), "not an IRI"),
    _row_case("bad-relation-type", RELATIONS, FIRST_RELATION,
              FIRST_RELATION.replace(b"essential", b"sometimes"), "'sometimes'"),
    _row_case("empty-label", OCCUPATIONS, LABEL, b",,", "preferredLabel"),
    ("no-occupations-file", lambda folder: (folder / OCCUPATIONS).unlink(),
     "occupations_xx.csv", None, "no occupations"),
    ("empty-file", lambda folder: (folder / BROADER).write_bytes(b""), BROADER, None, "empty"),
]  # fmt: skip


def test_the_case_list_is_complete() -> None:
    assert len(CASES) == 10
    assert len({case[0] for case in CASES}) == len(CASES)


def _where(message: str, name: str, line: int | None) -> bool:
    """Return whether ``message`` names the file and the line (FILE:LINE or FILE, line N)."""
    if name not in message:
        return False
    if line is None:
        return True
    return re.search(rf"{re.escape(name)}(:{line}\b|, line {line}\b)", message) is not None


@pytest.mark.parametrize(
    ("mutate", "name", "line", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_one_error_line_and_no_output(
    tmp_path: Path,
    mutate: Callable[[Path], None],
    name: str,
    line: int | None,
    text: str,
) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("de", "*.md"))
    mutate(folder)
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(
        main, ["import", "esco", str(folder), "--release", "1.2.0", "-o", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert _where(lines[0], name, line), lines[0]
    assert text in lines[0]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["esco"]


def test_a_failed_import_leaves_an_existing_output_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("de", "*.md"))
    _replace(RELATIONS, FIRST_RELATION, FIRST_RELATION.replace(b"essential", b"x"))(folder)
    out = tmp_path / "out.ttl"
    out.write_text("kept\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["import", "esco", str(folder), "--release", "1.2.0", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concept", "not an iri"], "--concept: 'not an iri' is not an IRI"),
        (["--concept", "http://example.org/x"], "not in the ESCO files: http://example.org/x"),
        (["--release", "latest"], "not a version"),
        (["-f", "jsonld"], "jsonld"),
    ],
    ids=["concept-not-iri", "concept-unknown", "bad-release", "bad-format"],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.ttl"
    argv = ["import", "esco", str(SAMPLE), "-o", str(out)]
    if "--release" not in args:
        argv += ["--release", "1.2.0"]
    result = CliRunner().invoke(main, [*argv, *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert not out.exists()


def test_a_folder_without_the_release_in_its_name_needs_release(tmp_path: Path) -> None:
    """Issue 19: the release was assumed (1.2.0) whatever the files were; now it is asked for."""
    out = tmp_path / "o.ttl"
    result = CliRunner().invoke(main, ["import", "esco", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: give the ESCO release with --release"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_two_releases_or_a_release_the_names_deny_are_refused(tmp_path: Path) -> None:
    """Sources naming two releases would merge into one; a --release the names deny would lie."""
    sample = Path(__file__).parent / "fixtures" / "esco"
    old = tmp_path / "ESCO dataset - v1.1.0 - classification - en - csv"
    new = tmp_path / "ESCO dataset - v1.1.1 - classification - en - csv"
    shutil.copytree(sample, old)
    shutil.copytree(sample, new)
    out = tmp_path / "out.nt"
    runner = CliRunner()
    both = runner.invoke(main, ["import", "esco", str(old), str(new), "-o", str(out)])
    assert both.exit_code == 2 and "name two ESCO releases (1.1.0, 1.1.1)" in both.output
    denied = runner.invoke(
        main, ["import", "esco", str(new), "--release", "1.1.0", "--release-date", "2022-01"]
    )
    assert denied.exit_code == 2
    assert "--release 1.1.0 is not the release the sources name (1.1.1)" in denied.output
    assert not out.exists()
