"""A second occupation, written in csrgraph's vocabulary by someone else, works with every command.

The code knows the ontology, never the data: nothing may assume the bundled occupation, its
IRIs or its fact numbering (the fixture numbers its facts F01, F02 again, from its own source).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from csrgraph.sparql import catalog

SECOND = Path(__file__).parent / "fixtures" / "second" / "help-desk-agent.ttl"
OCCUPATION = "https://example.org/helpdesk/occupation"
LOCAL = [q for q in catalog.list_queries() if "federated" not in q.tags]
ABOUT_AN_OCCUPATION = [q for q in LOCAL if any(p.name == "occupation_iri" for p in q.params)]

# query -> a value that must appear in its rows for the second occupation
EXPECTED = {
    "occupation": "help desk agent",
    "tasks": "reset passwords",
    "median-wage": "21.5",
    "communication-channels": "telephone",
}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_fixture_conforms(cli) -> None:
    result = cli("validate", "--data", SECOND)
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.stdout


def test_query_lists_are_not_empty() -> None:
    assert len(LOCAL) >= 13
    assert len(ABOUT_AN_OCCUPATION) >= 10
    assert set(EXPECTED) <= {q.name for q in ABOUT_AN_OCCUPATION}


@pytest.mark.parametrize("query", ABOUT_AN_OCCUPATION, ids=lambda q: q.name)
def test_every_occupation_query_narrows_to_the_second_occupation(cli, query) -> None:
    result = cli(
        "query", query.name, "--data", SECOND, "-p", f"occupation_iri={OCCUPATION}", "-f", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    # nothing of the bundled occupation leaks into a query narrowed to the second one
    assert "customer service representative" not in result.stdout
    if query.name in EXPECTED:
        assert rows, f"{query.name} found nothing for the second occupation"
        assert EXPECTED[query.name] in result.stdout


def test_both_occupations_without_a_parameter(cli) -> None:
    result = cli("query", "occupation", "--data", SECOND, "-f", "csv")
    assert result.exit_code == 0, result.output
    labels = sorted(row["occupation"] for row in _rows(result.stdout))
    assert labels == ["customer service representative", "help desk agent"]


def test_german_labels_of_the_second_occupation(cli) -> None:
    result = cli(
        "query", "tasks", "--data", SECOND, "-p", f"occupation_iri={OCCUPATION}",
        "--lang", "de", "-f", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Passwörter zurücksetzen" in result.stdout


def test_explain_finds_the_same_fact_id_in_both_documents(cli) -> None:
    result = cli("explain", "F01", "--data", SECOND)
    assert result.exit_code == 0, result.output
    assert "Die meisten Helpdesk-Mitarbeiter" in result.stdout
    assert "Kundendienstmitarbeiter helfen Unternehmen" in result.stdout


def test_info_counts_the_second_document(cli) -> None:
    bundled = json.loads(cli("info", "-f", "json").stdout)
    both = json.loads(cli("info", "-f", "json", "--data", SECOND).stdout)
    assert both["facts"] == bundled["facts"] + 2
    assert both["triples"] > bundled["triples"]


def test_export_includes_the_second_occupation(cli) -> None:
    result = cli("export", "-f", "nt", "--data-only", "--data", SECOND)
    assert result.exit_code == 0, result.output
    assert f"<{OCCUPATION}>" in result.stdout


def test_schema_org_profile_for_the_second_occupation(cli) -> None:
    ambiguous = cli("export", "--profile", "schema.org", "--data", SECOND)
    assert ambiguous.exit_code == 2
    assert "--occupation" in ambiguous.stderr
    result = cli("export", "--profile", "schema.org", "--data", SECOND, "--occupation", OCCUPATION)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["@id"] == OCCUPATION
    assert document["@type"] == "Occupation"


def test_schema_org_profile_refuses_other_formats(cli) -> None:
    result = cli("export", "--profile", "schema.org", "-f", "ttl")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --profile schema.org writes JSON-LD only")
