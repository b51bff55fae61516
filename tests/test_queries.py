"""The bundled query catalogue: every query runs through csrgraph and gives the rows of facts.md.

One named test per bundled query (ids = the query name) asserts its rows with the values of the
fact inventory (/work/shared/facts.md): a new query without expectations here fails
``test_every_query_has_expectations``. The federated queries reach the network and are tested
elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_crosswalk import check_esco_occupations_for_onet, check_onet_occupations_in_isco
from test_import_esco_queries import check_esco_skills, check_linked_concepts

from csrgraph.errors import UsageError
from csrgraph.sparql import run_query
from csrgraph.sparql.catalog import get_query, list_queries

Rows = list[dict[str, str | None]]

SECOND = Path(__file__).parent / "fixtures" / "second-occupation.ttl"
BASE = "https://w3id.org/csrgraph/"
CSR = BASE + "occupation/customer-service-representative"
HELP_DESK = "https://example.org/second/help-desk-agent"
DASH = "\u2013"  # the en dash of the band labels ("0\u20135 years")

LOCAL = sorted(q.name for q in list_queries() if not q.name.startswith("federated-"))

#: Parameters a query needs to run (it has no default for them).
PARAMS: dict[str, dict[str, str]] = {
    "source-of": {"node_iri": BASE + "experience-band/20-plus-years"},
}


def rows(name: str, lang: str = "en", **params: str) -> Rows:
    """Run a bundled query and return its rows as dicts of strings."""
    return run_query(name, params={**PARAMS.get(name, {}), **params}, lang=lang).records()


def items(cell: str | None) -> set[str]:
    """Split a ``; ``-separated list cell into its items (the engine picks their order)."""
    return set(cell.split("; ")) if cell else set()


def column(result: Rows, name: str) -> list[str | None]:
    """Return one column of the rows, in row order."""
    return [row[name] for row in result]


# ---------------------------------------------------------------------------------------
# Expected rows, one function per bundled query
# ---------------------------------------------------------------------------------------


def check_occupation(result: Rows) -> None:
    assert len(result) == 1
    (row,) = result
    assert row["occupation"] == "customer service representative"
    assert row["occupation_iri"] == CSR
    assert row["definition"] and row["definition"].startswith("Workers who deal with")
    assert row["location"] == "United States"
    assert row["other_names"] == ""  # the only other name is German
    # Codes come from schema:occupationalCategory; SOC 43-4051 is the occupation's code.
    assert any("43-4051" in code for code in items(row["codes"])), row["codes"]


def check_tasks(result: Rows) -> None:
    # F01-F05, F08, F09 from the introduction and job description, T1-T5 the task list.
    assert column(result, "facts") == [
        "F01", "F02", "F03", "F04", "F05", "F08", "F09", "T1", "T2", "T3", "T4", "T5",
    ]  # fmt: skip
    by_fact = {row["facts"]: row for row in result}
    assert by_fact["F04"]["task"] == "process refunds"
    assert by_fact["T4"]["task"] == "take or process orders"
    assert by_fact["T5"]["task_iri"] == BASE + "task/resolve-complaints"
    assert {row["typical"] for row in result if row["facts"].startswith("T")} == {"true"}
    assert {row["typical"] for row in result if row["facts"].startswith("F")} == {"false"}
    assert {row["occupation"] for row in result} == {"customer service representative"}


def check_education_and_training(result: Rows) -> None:
    by_fact = {row["facts"]: row for row in result}
    assert sorted(by_fact) == ["F06", "F07", "F12", "F13", "F14", "F15", "F16", "F19"]
    # F06: usually no college degree: a negated requirement with its hedge.
    assert by_fact["F06"]["negated"] == "true"
    assert items(by_fact["F06"]["hedges"]) == {"usually"}
    assert by_fact["F06"]["credentials"] == "college degree"
    # F12: at least a high school diploma or a GED.
    assert items(by_fact["F12"]["credentials"]) == {
        "high school diploma",
        "GED (US high school equivalency credential)",
    }
    assert by_fact["F12"]["negated"] == "false"
    # F13: on-the-job training of two to three weeks.
    f13 = by_fact["F13"]
    assert (f13["duration_min"], f13["duration_max"], f13["duration_unit"]) == ("2", "3", "WEE")
    assert f13["learning"] == "on the job"
    # F14: several months in some industries: a unit and no number, and the reason.
    f14 = by_fact["F14"]
    assert f14["duration"] == "several months"
    assert (f14["duration_min"], f14["duration_max"], f14["duration_unit"]) == (None, None, "MON")
    assert f14["industry_scope"] == "some"
    assert f14["reason"] == "Representatives must learn complex rules, laws and regulations."
    # F15, F16: programmes offered, by kind of provider and place of learning.
    assert items(by_fact["F15"]["learning"]) == {"industry association", "trade school"}
    assert items(by_fact["F16"]["learning"]) == {"in-house", "industry conference"}
    assert by_fact["F07"]["kind"] == "training requirement"
    assert by_fact["F12"]["kind"] == "education requirement"
    assert by_fact["F19"]["kind"] == "training offer"


def check_credentials(result: Rows) -> None:
    by_name = {row["credential"]: row for row in result}
    assert len(result) == 5
    ccsp = by_name["Certified Customer Service Professional (CCSP)"]
    assert ccsp["abbreviation"] == "CCSP"
    assert ccsp["awarded_by"] == "National Customer Service Association (NCSA)"
    assert ccsp["examination"] == "true"
    assert ccsp["facts"] == "F20"
    assert by_name["state licence"]["facts"] == "F18"
    assert by_name["college degree"]["appears_in"] == "usually no college degree required"
    assert by_name["GED (US high school equivalency credential)"]["abbreviation"] == "GED"
    assert "high school diploma" in by_name


def check_licensing(result: Rows) -> None:
    assert column(result, "facts") == ["F17", "F18"]
    f17, f18 = result
    assert (f17["negated"], f17["hedges"]) == ("true", "most")
    assert f18["negated"] == "false"
    assert items(f18["industries"]) == {"insurance industry", "finance industry"}
    assert f18["jurisdictions"] == "US state"
    assert f18["jurisdiction_qualifier"] == "some"
    assert f18["credential"] == "state licence"
    assert f18["hedges"] == "may"


def check_work_settings(result: Rows) -> None:
    assert len(result) == 7
    assert column(result, "facts") == ["F22", "F22", "F23", "F24", "F25", "F26", "F26"]
    by_claim = {row["claim_iri"].rsplit("/", 1)[1]: row for row in result}
    hours = by_claim["call-centre-opening-hours"]
    assert items(hours["times"]) == {"weekends", "holidays", "evenings"}
    assert (hours["setting"], hours["hedges"]) == ("call centre", "often")
    # "Some call centres are open 24 hours" is not "call centres are open 24 hours".
    open_24 = by_claim["call-centres-open-24-hours"]
    assert (open_24["times"], open_24["hedges"]) == ("around the clock", "some")
    retail_24 = by_claim["retail-no-24-hour-scheduling"]
    assert (retail_24["setting"], retail_24["hedges"]) == ("retail store", "not the norm")
    desk = by_claim["retail-customer-service-desk"]
    assert desk["workplace"] == "customer service desk"
    outside = by_claim["work-outside-usual-business-hours"]
    assert outside["hedges"] == "not unusual"
    assert len(items(outside["consequence_of"])) == 2
    assert by_claim["work-in-call-centres"]["hedges"] == "many"


def check_communication_channels(result: Rows) -> None:
    assert len(result) == 6
    assert column(result, "channel") == [
        "e-mail", "in-person contact", "in-person contact", "in-person contact",
        "live chat", "telephone",
    ]  # fmt: skip
    in_person = {row["claim_iri"].rsplit("/", 1)[1]: row for row in result[1:4]}
    none = in_person["no-face-to-face-contact"]
    assert (none["negated"], none["hedges"], none["facts"]) == ("true", "most", "F10")
    norm = in_person["in-person-norm-in-some-industries"]
    assert (norm["hedges"], norm["industry_qualifier"]) == ("rather the norm", "some")
    assert (norm["example_industries"], norm["industries"]) == ("retail", "")
    retail = in_person["in-person-contact-in-retail"]
    assert (retail["industries"], retail["hedges"], retail["facts"]) == ("retail", "likely", "F11")
    for row in (result[0], result[4], result[5]):
        assert (row["negated"], row["hedges"], row["facts"]) == ("false", "most", "F10")


def check_median_wage(result: Rows) -> None:
    assert len(result) == 1
    (row,) = result
    assert (row["median"], row["currency"], row["per"], row["period"]) == (
        "15.81",
        "USD",
        "HUR",
        "2017-05",
    )
    assert row["source"] == "U.S. Bureau of Labor Statistics (BLS)"
    assert row["fact"] == "F27"
    assert row["jurisdiction"] == "United States"


def check_pay_by_experience(result: Rows) -> None:
    assert column(result, "pay") == ["28000", "30000", "32000", "34000"]
    assert column(result, "from_years") == ["0", "5", "10", "20"]
    assert column(result, "to_years") == ["5", "10", "20", None]  # 20+ is open-ended
    assert column(result, "experience") == [
        f"0{DASH}5 years", f"5{DASH}10 years", f"10{DASH}20 years", "20 years and more",
    ]  # fmt: skip
    assert {(row["currency"], row["per"], row["source"], row["fact"]) for row in result} == {
        ("USD", "ANN", "PayScale", "F28")
    }
    assert column(result, "hedges") == ["slightly"] * 4  # F28: "etwas mehr", a little more


def check_employment_outlook(result: Rows) -> None:
    assert len(result) == 2
    every, call_centres = result
    assert (every["scope"], every["change"], every["unit"]) == ("all industries", "5", "P1")
    assert (every["start_year"], every["end_year"]) == ("2016", "2026")
    assert every["hedges"] == "projected"
    assert (call_centres["scope"], call_centres["change"]) == ("call centre industry", "36")
    assert (call_centres["start_year"], call_centres["end_year"]) == ("2016", "2026")
    assert call_centres["drivers"] == (
        "outsourcing of customer service and sales functions to call centres"
    )
    assert items(call_centres["facts"]) == {"F30", "F31"}
    assert every["facts"] == "F29"


def check_employment_share(result: Rows) -> None:
    assert [(r["employment_type"], r["quantifier"], r["share"]) for r in result] == [
        ("full time", "most", None),
        ("part time", "one in five", "20"),
    ]
    assert {(r["source"], r["facts"]) for r in result} == {
        ("U.S. Bureau of Labor Statistics (BLS)", "F21")
    }
    assert result[1]["unit"] == "P1"


def check_automation_risk(result: Rows) -> None:
    assert len(result) == 1
    (row,) = result
    assert items(row["technologies"]) == {
        "internet customer service systems",
        "voice response systems",
    }
    assert items(row["hedges"]) == {"may one day", "many"}
    assert (row["source"], row["facts"]) == ("industry observers", "F32")


def check_statements_by_authority(result: Rows) -> None:
    # The default authority is the BLS.
    assert column(result, "fact") == ["F10", "F12", "F13", "F18", "F21", "F27"]
    assert {row["authority"] for row in result} == {"U.S. Bureau of Labor Statistics (BLS)"}
    f27 = result[-1]
    assert f27["section"] == "years of experience and pay"
    assert f27["quote"] and "15, 81 USD" in f27["quote"]  # verbatim, typo and all
    assert f27["rendering"] and "USD 15.81" in f27["rendering"]


def check_source_of(result: Rows) -> None:
    assert len(result) == 1
    (row,) = result
    assert row["node"] == "20 years and more"
    assert (row["fact"], row["authority"]) == ("F28", "PayScale")
    assert row["section"] == "years of experience and pay"
    assert row["quote"] and "20+ Jahre: 34.000 US-Dollar" in row["quote"]
    assert row["statement_iri"] == BASE + "statement/F28"


def check_facts(result: Rows) -> None:
    facts = column(result, "fact")
    expected = {f"F{n:02d}" for n in range(1, 33)} | {f"T{n}" for n in range(1, 6)}
    assert len(facts) == 37
    assert set(facts) == expected
    assert facts[:3] == ["F01", "F02", "F03"]
    assert facts[-1] == "F32"
    assert all(row["quote"] and row["rendering"] and row["section"] for row in result)
    assert {row["authority"] for row in result} >= {
        "U.S. Bureau of Labor Statistics (BLS)",
        "PayScale",
        "National Customer Service Association (NCSA)",
        "industry observers",
    }


def check_compare_tasks(result: Rows) -> None:
    # Without `csrgraph import onet` output the document's 12 tasks stand alone; with it:
    # tests/test_import_onet_queries.py.
    assert len(result) == 12
    assert len(set(column(result, "task_iri"))) == 12
    assert set(column(result, "onet_task_iri")) == {None}


def check_onet_occupation(result: Rows) -> None:
    # Lists imported O*NET occupations only (with the import: tests/test_import_onet_queries.py).
    assert result == []


def check_imported_records(result: Rows) -> None:
    # Joins to imported records only (with the imports: tests/test_imported_records.py).
    assert result == []


EXPECTED: dict[str, Callable[[Rows], None]] = {
    "imported-records": check_imported_records,
    "compare-tasks": check_compare_tasks,
    "onet-occupation": check_onet_occupation,
    "occupation": check_occupation,
    "tasks": check_tasks,
    "education-and-training": check_education_and_training,
    "credentials": check_credentials,
    "licensing": check_licensing,
    "work-settings": check_work_settings,
    "communication-channels": check_communication_channels,
    "median-wage": check_median_wage,
    "pay-by-experience": check_pay_by_experience,
    "employment-outlook": check_employment_outlook,
    "employment-share": check_employment_share,
    "automation-risk": check_automation_risk,
    "statements-by-authority": check_statements_by_authority,
    "source-of": check_source_of,
    "facts": check_facts,
    "linked-concepts": check_linked_concepts,
    "esco-skills": check_esco_skills,
    "onet-occupations-in-isco": check_onet_occupations_in_isco,
    "esco-occupations-for-onet": check_esco_occupations_for_onet,
}


def test_the_catalogue_holds_every_query() -> None:
    assert len(LOCAL) >= 15, LOCAL


def test_every_query_has_expectations() -> None:
    assert sorted(EXPECTED) == LOCAL


@pytest.mark.parametrize("name", LOCAL, ids=LOCAL)
def test_query_rows(name: str) -> None:
    EXPECTED[name](rows(name))


# ---------------------------------------------------------------------------------------
# Headers and parameters
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LOCAL, ids=LOCAL)
def test_header(name: str) -> None:
    query = get_query(name)
    assert query.summary and len(query.summary) <= 80
    assert len(query.description) > len(query.summary)
    assert query.tags
    lang = query.param("lang")
    assert lang is not None and lang.default == "en", "every query returns labels"
    occupation = query.param("occupation_iri")
    if occupation is not None:  # unset means every occupation
        assert occupation.optional and occupation.default is None


def test_lang_de_gives_german_labels() -> None:
    pay = rows("pay-by-experience", lang="de")
    assert column(pay, "experience") == [
        f"0{DASH}5 Jahre",
        f"5{DASH}10 Jahre",
        f"10{DASH}20 Jahre",
        "20 Jahre und mehr",
    ]
    assert {row["occupation"] for row in pay} == {"Kundendienstmitarbeiter/in"}
    tasks = {row["facts"]: row["task"] for row in rows("tasks", lang="de")}
    assert tasks["F04"] == "Rückerstattungen bearbeiten"
    work = {row["claim_iri"].rsplit("/", 1)[1]: row for row in rows("work-settings", lang="de")}
    assert work["retail-no-24-hour-scheduling"]["hedges"] == "nicht die Norm"
    assert items(work["call-centre-opening-hours"]["times"]) == {
        "Wochenenden",
        "Feiertage",
        "Abende",
    }
    (occupation,) = rows("occupation", lang="de")
    assert occupation["other_names"] == "Kundenberater/in"
    assert occupation["location"] == "Vereinigte Staaten"
    (wage,) = rows("median-wage", lang="de")
    assert wage["median"] == "15.81"
    assert wage["source"] == "Statistikbüro des US-Arbeitsministeriums (BLS)"


def test_lang_param_overrides_the_option() -> None:
    result = run_query("pay-by-experience", params={"lang": "de"}, lang="en").records()
    assert column(result, "experience")[0] == f"0{DASH}5 Jahre"


def test_an_unknown_language_falls_back_to_english() -> None:
    assert column(rows("pay-by-experience", lang="fr"), "experience")[0] == f"0{DASH}5 years"


def test_occupation_iri_selects_one_occupation() -> None:
    assert len(rows("tasks", occupation_iri=CSR)) == 12
    assert rows("tasks", occupation_iri=BASE + "occupation/no-such-occupation") == []


def test_statements_by_another_authority() -> None:
    result = rows("statements-by-authority", authority_iri=BASE + "org/ncsa")
    assert column(result, "fact") == ["F19", "F20"]
    assert column(rows("statements-by-authority", authority_iri="org:payscale"), "fact") == ["F28"]


def test_source_of_a_claim_with_several_statements() -> None:
    result = rows("source-of", node_iri=BASE + "claim/work-outside-usual-business-hours")
    assert column(result, "fact") == ["F24"]
    tasks = rows("source-of", node_iri=CSR)
    assert column(tasks, "fact") == ["F01", "F02", "F03", "F04", "F05"]


def test_source_of_needs_a_node() -> None:
    with pytest.raises(UsageError, match="node_iri"):
        run_query("source-of")


# ---------------------------------------------------------------------------------------
# A second occupation in the same vocabulary
# ---------------------------------------------------------------------------------------


def with_second(name: str, lang: str = "en", **params: str) -> Rows:
    """Run a bundled query over the bundled graph plus the second-occupation fixture."""
    return run_query(name, params=params, lang=lang, data=[SECOND]).records()


def test_second_occupation_in_occupation_query() -> None:
    result = with_second("occupation")
    assert column(result, "occupation_iri") == [CSR, HELP_DESK]
    help_desk = result[1]
    assert help_desk["occupation"] == "help desk agent"
    assert help_desk["definition"] == "Workers who help users with computer problems."
    assert (help_desk["codes"], help_desk["location"]) == ("", "")


def test_second_occupation_in_tasks_query() -> None:
    result = with_second("tasks", lang="de")
    assert len(result) == 14
    help_desk = [row for row in result if row["occupation"] == "Helpdesk-Mitarbeiter/in"]
    # A task with no German label keeps its row, with the English label.
    assert {row["task"] for row in help_desk} == {"Passwörter zurücksetzen", "log support tickets"}
    assert {row["facts"] for row in help_desk} == {"X1"}
    only = with_second("tasks", occupation_iri=HELP_DESK)
    assert {row["task"] for row in only} == {"reset passwords", "log support tickets"}


def test_second_occupation_in_pay_by_experience() -> None:
    result = with_second("pay-by-experience", occupation_iri=HELP_DESK)
    assert [(r["pay"], r["currency"], r["from_years"], r["to_years"]) for r in result] == [
        ("41000", "EUR", "0", "3"),
        ("52000", "EUR", "3", None),
    ]
    assert len(with_second("pay-by-experience")) == 6


def test_second_occupation_does_not_leak_into_the_bundled_graph() -> None:
    assert column(rows("occupation"), "occupation_iri") == [CSR]
