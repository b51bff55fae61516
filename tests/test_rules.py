"""Integrity rules (ontology/rules/*.rq) are part of ``validate``: the bundled graph breaks none,
and a user's file that breaks a rule makes ``validate --data`` exit 1 with the rule's message.

Every rule has a user file in tests/fixtures/rules/ named after it, so no rule can pass by
matching nothing. The tests never read a rule's text: they go through ``validate``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csrgraph.validation import validate
from csrgraph.validation.rules import RULES_NS, bundled_rules

RULES = bundled_rules()
BREAKERS = Path(__file__).parent / "fixtures" / "rules"


def _rule_results(report, name: str) -> list:
    return [r for r in report.results if r.shape == f"<{RULES_NS}{name}>"]


def test_every_rule_has_a_user_file_that_breaks_it() -> None:
    assert len(RULES) >= 9, RULES
    assert {rule.name for rule in RULES} == {p.stem for p in BREAKERS.glob("*.ttl")}
    assert all(rule.summary for rule in RULES), "each rule needs a #+ summary: line"


def test_the_bundled_graph_breaks_no_rule() -> None:
    report = validate()
    assert [r for r in report.results if r.shape.startswith(f"<{RULES_NS}")] == []
    assert report.conforms


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_user_file_that_breaks_the_rule_does_not_conform(rule) -> None:
    report = validate(data=[BREAKERS / f"{rule.name}.ttl"])
    assert not report.conforms
    found = _rule_results(report, rule.name)
    assert found, f"{rule.name} does not notice its user file:\n{report.to_text()}"
    assert all(r.message.startswith(rule.summary) for r in found)
    assert all(r.focus.startswith("<https://") for r in found)


def test_validate_cli_exits_1_with_the_rule_message(cli) -> None:
    rule = next(r for r in RULES if r.name == "fact-id-duplicate")
    result = cli("validate", "--data", BREAKERS / "fact-id-duplicate.ttl")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if rule.summary in line]
    assert sorted(line.split()[1] for line in lines) == ["ex:s1", "ex:s2"]
    assert result.stderr == ""


def test_rule_results_are_in_the_turtle_and_json_reports(cli, tmp_path) -> None:
    out = tmp_path / "report.ttl"
    result = cli("validate", "--data", BREAKERS / "mapping-clash.ttl", "-f", "ttl", "-o", out)
    assert result.exit_code == 1
    text = out.read_text("utf-8")
    assert f"{RULES_NS}mapping-clash" in text
    assert "sh:conforms false" in text


def test_fact_ids_may_repeat_across_source_documents(tmp_path) -> None:
    """A second occupation from another document may number its facts F01... again."""
    head = (BREAKERS / "fact-id-duplicate.ttl").read_text("utf-8").split("\nex:s1")[0]
    other = tmp_path / "two-documents.ttl"
    other.write_text(
        head
        + '\nex:s1 csro:factId "F01" ; prov:wasQuotedFrom ex:doc1 .'
        + '\nex:s2 csro:factId "F01" ; prov:wasQuotedFrom ex:doc2 .\n',
        "utf-8",
    )
    assert _rule_results(validate(data=[other]), "fact-id-duplicate") == []
    with other.open("a", encoding="utf-8") as file:
        file.write('ex:s3 csro:factId "F01" ; prov:wasQuotedFrom ex:doc1 .\n')
    found = _rule_results(validate(data=[other]), "fact-id-duplicate")
    assert sorted(r.focus for r in found) == [
        "<https://example.org/broken/s1>",
        "<https://example.org/broken/s3>",
    ]
