"""The bundled queries linked-concepts and esco-skills, without and with an ESCO import.

Without the import both list what the mapping set says (codes, no skills); with the real
ESCO rows of tests/fixtures/esco imported, the links resolve to ESCO's labels, schemes and
skills. ``check_*`` are also the expectations of tests/test_queries.py for these queries.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import FIXTURES

from csrgraph import links
from csrgraph.importers import esco
from csrgraph.sparql import run_query

Rows = list[dict[str, str | None]]
SAMPLE = FIXTURES / "esco"
OCC = "http://data.europa.eu/esco/occupation/"
CSR_ESCO = OCC + "13d1b2b4-99dd-44da-9734-c9f74bae18f7"
CONTACT = OCC + "b7b75eb6-34bc-462d-b412-eed393cc1397"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _mapped() -> dict[str, str]:
    """target IRI -> predicate IRI, from the bundled mapping set."""
    ms = links.read_mapping_set()
    return {ms.expand(m.object_id): ms.expand(m.predicate_id) for m in ms.mappings}


def check_linked_concepts(rows: Rows) -> None:
    """Without an import: one row per mapping, the codes of the mapping set, no skills."""
    mapped = _mapped()
    assert len(rows) == len(mapped) == 8
    assert {r["target"]: r["predicate"] for r in rows} == mapped
    codes = {r["target"]: r["code"] for r in rows}
    assert codes["http://data.europa.eu/esco/isco/C4222"] == "4222"
    assert codes[CSR_ESCO] == "13d1b2b4-99dd-44da-9734-c9f74bae18f7"  # the mapping set's code
    assert codes[CONTACT] is None  # a narrowMatch has no category code: nothing to show
    assert all(r["essential_skills"] is None and r["schemes"] == "" for r in rows)
    assert [r["predicate"] for r in rows] == sorted(r["predicate"] for r in rows)


def check_esco_skills(rows: Rows) -> None:
    """Without an import: each linked ESCO occupation once, with no skill."""
    esco_targets = {t: p for t, p in _mapped().items() if t.startswith(OCC)}
    assert {r["esco_occupation"]: r["predicate"] for r in rows} == esco_targets
    assert len(rows) == 2
    assert all(r["skill"] is None and r["relation"] is None for r in rows)


def test_without_the_import() -> None:
    check_linked_concepts(run_query("linked-concepts").records())
    check_esco_skills(run_query("esco-skills").records())


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("esco") / "esco.nt"
    esco.import_esco([SAMPLE], out, fmt="nt", version="1.2.0")
    return out


@pytest.fixture(scope="module")
def imported_de(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("esco-de") / "esco.nt"
    esco.import_esco([SAMPLE, SAMPLE / "de"], out, fmt="nt", version="1.2.0")
    return out


def test_linked_concepts_with_the_import(imported: Path) -> None:
    rows = {r["target"]: r for r in run_query("linked-concepts", data=[imported]).records()}
    assert set(rows) == set(_mapped())
    assert all(r["label"] for r in rows.values()), "every link reaches a label"
    isco = "http://data.europa.eu/esco/isco/C"
    expected = {
        isco + "4222": ("4222", "Contact centre information clerks", None, None),
        isco + "4225": ("4225", "Enquiry clerks", None, None),
        CSR_ESCO: ("4225.1", "customer service representative", "24", "15"),
        CONTACT: ("4222.1", "customer contact centre information clerk", "14", "18"),
    }
    for target, (code, label, essential, optional) in expected.items():
        row = rows[target]
        assert (row["code"], row["label"], row["essential_skills"], row["optional_skills"]) == (
            code,
            label,
            essential,
            optional,
        )
        assert row["definition"] and row["definition"][:1].isupper()
        assert "http://data.europa.eu/esco/concept-scheme/occupations" in str(row["schemes"])
    assert rows[isco + "4222"]["schemes"] == (
        "http://data.europa.eu/esco/concept-scheme/isco; "
        "http://data.europa.eu/esco/concept-scheme/occupations"
    )
    soc = rows["https://www.bls.gov/soc/2010/soc434051.htm"]
    assert (soc["code"], soc["label"], soc["schemes"]) == (
        "43-4051",
        "Customer Service Representatives",
        "",
    )


def _skill_labels() -> dict[str, str]:
    with (SAMPLE / "skills_en.csv").open(encoding="utf-8", newline="") as handle:
        return {row["conceptUri"]: row["preferredLabel"] for row in csv.DictReader(handle)}


def _relations() -> set[tuple[str, str, str]]:
    with (SAMPLE / "occupationSkillRelations_en.csv").open(encoding="utf-8", newline="") as h:
        return {(r["occupationUri"], r["relationType"], r["skillUri"]) for r in csv.DictReader(h)}


def test_esco_skills_with_the_import(imported: Path) -> None:
    rows = run_query("esco-skills", data=[imported]).records()
    assert len(rows) == 39 + 32
    assert {(r["esco_occupation"], r["relation"], r["skill"]) for r in rows} == _relations()
    labels = _skill_labels()
    assert all(r["skill_label"] == labels[str(r["skill"])] for r in rows)
    by_occupation = {r["esco_occupation"]: r["esco_label"] for r in rows}
    assert by_occupation == {
        CSR_ESCO: "customer service representative",
        CONTACT: "customer contact centre information clerk",
    }
    order = [(r["esco_occupation"], r["relation"], r["skill_label"]) for r in rows]
    assert order == sorted(order)  # type: ignore[type-var]


def test_german_labels_with_english_fallback(imported_de: Path) -> None:
    rows = {
        r["target"]: r
        for r in run_query("linked-concepts", data=[imported_de], lang="de").records()
    }
    assert rows[CSR_ESCO]["label"] == "Testbezeichnung Kundenberater/Kundenberaterin"
    assert rows[CSR_ESCO]["definition"] is not None
    assert str(rows[CSR_ESCO]["definition"]).startswith("Testbeschreibung")
    # no German description in the German rows: the English one
    assert str(rows[CONTACT]["definition"]).startswith("Customer contact centre information clerks")
    assert rows["http://data.europa.eu/esco/isco/C4225"]["label"] == "Enquiry clerks"
    skills = run_query("esco-skills", data=[imported_de], lang="de").records()
    german = {r["skill_label"] for r in skills if str(r["skill_label"]).startswith("Testbez")}
    assert german == {"Testbezeichnung aktiv zuhören"}
    listen = "http://data.europa.eu/esco/skill/a17286c5-238d-4f0b-bc24-29e9121345de"
    uses = sum(1 for _, _, skill in _relations() if skill == listen)
    assert uses >= 1
    assert sum(1 for r in skills if r["skill_label"] == "Testbezeichnung aktiv zuhören") == uses


def test_one_occupation_only(imported: Path) -> None:
    other = "https://example.org/no-such-occupation"
    for name in ("linked-concepts", "esco-skills"):
        assert run_query(name, data=[imported], params={"occupation_iri": other}).records() == []


@pytest.mark.parametrize("name", ["linked-concepts", "esco-skills"])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_same_rows_on_rdflib_with_the_import(imported_de: Path, name: str, lang: str) -> None:
    """Portable SPARQL with the import loaded too (without it, test_engines checks)."""
    from test_engines import embedded, rdflib_rows

    from csrgraph.graph.load import load_graph

    expected = embedded(name, lang, (imported_de,))
    assert len(expected) >= 8
    assert rdflib_rows(load_graph([imported_de]), name, lang) == expected


def _cells(value: str | None) -> tuple[str, ...] | str | None:
    """A comparable cell: a "; " list as its sorted items (the engine orders a GROUP_CONCAT)."""
    if value is None or value == "":
        return None
    return tuple(sorted(value.split("; "))) if "; " in value else value


@pytest.mark.external
@pytest.mark.parametrize("name", ["linked-concepts", "esco-skills"])
def test_same_rows_on_jena_with_the_import(tmp_path: Path, imported: Path, name: str) -> None:
    """Jena ARQ gives the rows Oxigraph gives, on the bundled graph plus the ESCO import."""
    import subprocess

    from external import jena

    from csrgraph.resources import graph_files
    from csrgraph.sparql import bind_parameters, inject_values
    from csrgraph.sparql.catalog import get_query

    command = jena(tmp_path / "cp")
    query = get_query(name)
    text = tmp_path / "query.rq"
    text.write_text(inject_values(query.text, bind_parameters(query, None, "en")), "utf-8")
    data = [arg for path in [*graph_files(), imported] for arg in ("--data", str(path))]
    out = subprocess.run(
        [*command, "arq.sparql", *data, "--query", str(text), "--results", "csv"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    import io

    table = list(csv.reader(io.StringIO(out.stdout, newline="")))
    jena_rows = [tuple(_cells(cell) for cell in row) for row in table[1:]]
    result = run_query(name, data=[imported])
    expected = [tuple(_cells(r[v]) for v in result.variables) for r in result.records()]
    assert len(expected) >= 8
    assert jena_rows == expected
