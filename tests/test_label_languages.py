"""Labels in the user's language: --lang takes an import's language, and falls back openly.

Issue 19: ``--lang`` offered only de and en, and a label missing in the chosen language fell
back to English without a word. Now ``--lang`` is any language tag; the bundled queries that
show imported labels have a ``*_lang`` column beside each (the chosen language, else English,
else the query's own last resort, "" for an untagged one), and ``csrgraph query`` warns on
stderr when labels fell back.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from external import need
from importer_fixtures import FIXTURES

from csrgraph.cli import main
from csrgraph.importers import write_import
from csrgraph.sparql import run_query

ESCO = FIXTURES / "esco"
EXTERNAL_FR = Path(__file__).parents[1].parent / "shared" / "external" / "esco-1.1.1-fr"
CSR_ESCO = "http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7"


@pytest.fixture(scope="module")
def english_and_some_german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("esco-de") / "esco.nt"
    write_import("esco", [ESCO, ESCO / "de"], out, "nt", version="1.2.0")
    return out


def test_each_imported_label_says_its_language(english_and_some_german: Path) -> None:
    rows = run_query("esco-skills", data=[english_and_some_german], lang="de").records()
    used = {r["skill_label_lang"] for r in rows if r["skill"]}
    assert used == {"de", "en"}  # the German file has some skills only: the others fall back
    for row in rows:
        if row["skill_label_lang"] == "de":
            assert (row["skill_label"] or "").startswith("Testbezeichnung")
    linked = run_query("linked-concepts", data=[english_and_some_german], lang="de").records()
    by_target = {r["target"]: r for r in linked}
    assert by_target[CSR_ESCO]["label_lang"] == "de"


def test_the_cli_warns_when_labels_fell_back(english_and_some_german: Path) -> None:
    args = ["query", "esco-skills", "--data", str(english_and_some_german), "-f", "csv"]
    result = CliRunner().invoke(main, [*args, "--lang", "de"])
    assert result.exit_code == 0, result.stderr
    assert "skill_label_lang" in result.stdout.splitlines()[0]
    assert (
        "Warning: skill_label: some labels are not in 'de'; shown in en instead "
        "(see the skill_label_lang column)"
    ) in result.stderr
    english = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert english.exit_code == 0 and english.stderr == ""


def test_the_bundled_graph_alone_gives_no_warning() -> None:
    result = CliRunner().invoke(main, ["query", "linked-concepts", "--lang", "de", "-f", "csv"])
    assert result.exit_code == 0 and result.stderr == "", result.stderr


#: (command line, whether it warns that the graph has no label in the asked language)
NO_SUCH_LANGUAGE = [
    (["query", "tasks", "--lang", "xx"], True),
    (["query", "tasks", "-p", "lang=xx"], True),
    (["query", "tasks", "--lang", "fr", "--data", "{fr}"], False),
    (["query", "tasks", "--lang", "fr-ca", "--data", "{fr}"], True),
    (["query", "tasks", "--lang", "de"], False),
    (["diff", "--old", "{diff}/old.ttl", "--new", "{diff}/new.ttl", "--lang", "xx"], True),
    (["diff", "--old", "{diff}/old.ttl", "--new", "{diff}/new.ttl", "--lang", "en"], False),
]


@pytest.mark.parametrize(("args", "warns"), NO_SUCH_LANGUAGE)
def test_a_language_the_graph_has_no_label_in_is_one_warning(
    tmp_path: Path, args: list[str], warns: bool
) -> None:
    """``--lang xx`` fell back to English without a word when no column says the language:
    now one Warning line (the exit code stays 0) when the graph has no literal in it."""
    assert len(NO_SUCH_LANGUAGE) == 7
    french = tmp_path / "fr.ttl"
    french.write_text('<https://example.org/x> <https://example.org/p> "bonjour"@fr .\n')
    diff = Path(__file__).parent / "fixtures" / "diff"
    argv = [a.replace("{fr}", str(french)).replace("{diff}", str(diff)) for a in args]
    result = CliRunner().invoke(main, [*argv, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    asked = argv[argv.index("--lang") + 1] if "--lang" in argv else "xx"
    expected = (
        f"Warning: the graph has no label in {asked!r}; labels are shown in another language\n"
    )
    assert result.stderr == (expected if warns else "")


@pytest.mark.external
def test_french_labels_of_the_french_release(tmp_path: Path) -> None:
    need(f"ESCO v1.1.1 in French ({EXTERNAL_FR})", EXTERNAL_FR.is_dir(), "see its README")
    folder = tmp_path / "esco-1.1.1-fr"
    folder.mkdir()
    with (EXTERNAL_FR / "occupations_fr.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        kept = [row for row in reader if row["conceptUri"] == CSR_ESCO]
        fields = list(reader.fieldnames or [])
    with (folder / "occupations_fr.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(kept)
    out = tmp_path / "fr.nt"
    write_import("esco", folder, out, "nt", issued="2022-08")
    result = CliRunner().invoke(
        main, ["query", "linked-concepts", "--data", str(out), "--lang", "fr", "-f", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    rows = {row["target"]: row for row in csv.DictReader(result.stdout.splitlines())}
    assert rows[CSR_ESCO]["label"] == (
        "représentant du service clients/représentante du service clients"
    )
    assert rows[CSR_ESCO]["label_lang"] == "fr"
