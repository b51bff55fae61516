"""csrgraph import onet on the real O*NET 29.2 sample (tests/fixtures/onet/), and its faults."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import rdflib
from importer_fixtures import FIXTURES, imported_ntriples
from rdflib.namespace import RDF, SKOS

from csrgraph.cli.importers import IMPORT_FORMATS
from csrgraph.importers import output
from csrgraph.importers.onet_files import occupation_iri, task_iri

ONET = FIXTURES / "onet"
CSRO = rdflib.Namespace("https://w3id.org/csrgraph/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("https://schema.org/")
CSR = rdflib.URIRef(occupation_iri("43-4051.00"))
ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license."
)


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    """The import of the whole sample."""
    return rdflib.Graph().parse(data=imported_ntriples("onet"), format="nt")


def sample_rows(name: str, code: str) -> list[dict[str, str]]:
    """The rows of one sample file for one code, read independently of the importer."""
    with (ONET / name).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row for row in rows if row["O*NET-SOC Code"] == code]


def test_the_fixture_is_the_sample_with_its_attribution() -> None:
    files = sorted(ONET.glob("*.txt"))
    assert len(files) >= 8
    assert ATTRIBUTION in " ".join((ONET / "README.md").read_text(encoding="utf-8").split())


def test_customer_service_representatives_have_their_13_tasks(graph: rdflib.Graph) -> None:
    tasks = set(graph.objects(CSR, CSRO.hasTask))
    assert len(tasks) == 13
    expected = {
        (r["Task ID"], r["Task Type"], int(r["Incumbents Responding"]), r["Task"])
        for r in sample_rows("Task Statements.txt", "43-4051.00")
    }
    assert len(expected) == 13
    found = {
        (
            str(graph.value(t, SKOS.notation)),
            str(graph.value(t, CSRO.taskType)),
            graph.value(t, CSRO.incumbentsResponding).toPython(),
            str(graph.value(t, SKOS.prefLabel)),
        )
        for t in tasks
    }
    assert found == expected
    assert {e[0] for e in expected} >= {"18565", "2578", "2591"}
    core = [t for t in tasks if str(graph.value(t, CSRO.taskType)) == "Core"]
    assert len(core) == 7
    task = rdflib.URIRef(task_iri("43-4051.00", "2578"))
    record = graph.value(task, PROV.wasDerivedFrom)
    assert str(graph.value(record, CSRO.rowKey)) == "43-4051.00 2578"
    assert str(graph.value(record, CSRO.sourceFile)) == "Task Statements.txt"
    assert str(graph.value(record, rdflib.URIRef("http://purl.org/dc/terms/date"))) == "2022-08"
    assert str(graph.value(record, CSRO.domainSource)) == "Incumbent"


def test_job_zone_titles_and_code(graph: rdflib.Graph) -> None:
    assert graph.value(CSR, CSRO.jobZone).toPython() == 2
    titles = {str(t) for t in graph.objects(CSR, SKOS.altLabel)}
    assert len(titles) == 62
    assert all(t.language == "en" for t in graph.objects(CSR, SKOS.altLabel))
    code = rdflib.URIRef("https://w3id.org/csrgraph/code/onet-soc-2019-43-4051.00")
    assert (CSR, SCHEMA.occupationalCategory, code) in graph
    assert str(graph.value(code, SCHEMA.codeValue)) == "43-4051.00"
    assert str(graph.value(CSR, SKOS.prefLabel)) == "Customer Service Representatives"


def test_the_code_node_is_the_one_of_the_mappings(graph: rdflib.Graph) -> None:
    from csrgraph.links import mappings_graph

    mappings = mappings_graph()
    code = rdflib.URIRef("https://w3id.org/csrgraph/code/onet-soc-2019-43-4051.00")
    described = set(mappings.predicate_objects(code))
    assert len(described) >= 5
    assert described == set(graph.predicate_objects(code))


def test_an_all_other_occupation_without_a_job_zone(graph: rdflib.Graph) -> None:
    other = rdflib.URIRef(occupation_iri("43-4199.00"))
    assert str(graph.value(other, SKOS.prefLabel)) == "Information and Record Clerks, All Other"
    assert graph.value(other, CSRO.jobZone) is None
    assert (other, RDF.type, SCHEMA.Occupation) in graph
    assert len(set(graph.subjects(RDF.type, SCHEMA.Occupation))) == 21
    assert len(set(graph.subjects(CSRO.jobZone, None))) == 20


def test_the_output_carries_the_attribution(graph: rdflib.Graph) -> None:
    release = rdflib.URIRef("https://w3id.org/csrgraph/source/onet-29.2")
    citation = rdflib.URIRef("http://purl.org/dc/terms/bibliographicCitation")
    assert str(graph.value(release, citation)) == ATTRIBUTION


def test_the_imported_sample_conforms() -> None:
    from csrgraph.graph.load import load_graph
    from csrgraph.validation import validate

    with_import = load_graph()
    with_import.parse(data=imported_ntriples("onet"), format="nt")
    report = validate(with_import)
    assert report.conforms, report.to_text()


def test_the_cli_formats_match_the_writer() -> None:
    assert tuple(output.FORMATS) == IMPORT_FORMATS


def test_cli_import_one_occupation_then_query_its_tasks(cli, tmp_path: Path) -> None:
    out = tmp_path / "csr.nt"
    result = cli(
        "import", "onet", ONET, "--release", "29.2", "--occupation", "43-4051.00", "-o", out
    )
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(out, format="nt")
    assert set(graph.subjects(RDF.type, SCHEMA.Occupation)) == {CSR}
    rows = cli("query", "tasks", "--data", out, "-f", "csv", "-p", f"occupation_iri={CSR}")
    assert rows.exit_code == 0, rows.stderr
    lines = rows.stdout.strip().splitlines()
    assert len(lines) == 1 + 13
    assert all(line.startswith("Customer Service Representatives,") for line in lines[1:])
    assert sum("Keep records of customer interactions" in line for line in lines) == 1


def test_cli_index_holds_the_import(cli, tmp_path: Path) -> None:
    out = tmp_path / "onet.ttl"
    assert cli("import", "onet", ONET, "--release", "29.2", "-o", out).exit_code == 0
    store = tmp_path / "index"
    built = cli("index", "--data", out, "--store-dir", store)
    assert built.exit_code == 0, built.stderr
    rows = cli("query", "tasks", "--store-dir", store, "-f", "csv", "-p", f"occupation_iri={CSR}")
    assert rows.exit_code == 0, rows.stderr
    assert len(rows.stdout.strip().splitlines()) == 1 + 13


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "onet"
    shutil.copytree(ONET, folder)
    return folder


def _edit(folder: Path, name: str, old: bytes, new: bytes) -> None:
    path = folder / name
    data = path.read_bytes()
    assert data.count(old) >= 1, f"{old!r} not in {name}"
    path.write_bytes(data.replace(old, new, 1))


BAD_INPUTS = {
    "missing required file": (
        lambda f: (f / "Occupation Data.txt").unlink(),
        "Occupation Data.txt: missing",
    ),
    "missing column": (
        lambda f: _edit(f, "Task Statements.txt", b"\tTask Type\t", b"\tKind\t"),
        "Task Statements.txt, line 1: missing column 'Task Type'",
    ),
    "wrong number of fields": (
        lambda f: _edit(f, "Job Zones.txt", b"\t2\t08/2022", b"\t2\textra\t08/2022"),
        "Job Zones.txt, line ",
    ),
    "not a number": (
        lambda f: _edit(f, "Task Statements.txt", b"\t2578\t", b"\t25x8\t"),
        "Task Statements.txt, line ",
    ),
    "code of the wrong form": (
        lambda f: _edit(f, "Occupation Data.txt", b"43-4051.00\t", b"43-4051\t"),
        "Occupation Data.txt, line 10: O*NET-SOC Code '43-4051' is not of the form NN-NNNN.NN",
    ),
    "not UTF-8": (
        lambda f: _edit(
            f, "Alternate Titles.txt", b"Customer Service Representatives", b"Cust\xe9"
        ),
        "Alternate Titles.txt, line ",
    ),
    "job zone out of range": (
        lambda f: _edit(
            f,
            "Job Zones.txt",
            b"43-4051.00\tCustomer Service Representatives\t2",
            b"43-4051.00\tCustomer Service Representatives\t7",
        ),
        "Job Zones.txt, line ",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_error_line_and_no_output(cli, tmp_path: Path, case: str) -> None:
    spoil, expected = BAD_INPUTS[case]
    folder = _copy(tmp_path)
    spoil(folder)
    out = tmp_path / "out.ttl"
    result = cli("import", "onet", folder, "--release", "29.2", "-o", out)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert expected in lines[0]
    assert not out.exists()
    assert list(tmp_path.glob(".out.ttl*")) == []


def test_rows_of_unknown_codes_are_skipped_with_one_warning(cli, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with (folder / "Task Statements.txt").open("a", encoding="utf-8") as handle:
        handle.write("99-9999.00\tNobody\t1\tDo nothing.\tCore\t1\t08/2022\tAnalyst\n")
        handle.write("99-9999.00\tNobody\t2\tDo less.\tCore\t\t08/2022\tAnalyst\n")
    out = tmp_path / "out.nt"
    result = cli("import", "onet", folder, "--release", "29.2", "-o", out, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Warning: skipped 2 rows (code not in Occupation Data.txt): Task Statements.txt: 2; "
        "first: Task Statements.txt, line 398: '99-9999.00'",
        # the sample's related occupations are mostly outside its 21 occupations
        "Warning: skipped 313 rows (related code not in Occupation Data.txt): Related "
        "Occupations.txt: 313; first: Related Occupations.txt, line 2: '15-1252.00'",
    ]
    assert out.stat().st_size > 100_000


def test_an_unknown_occupation_option_is_an_error(cli, tmp_path: Path) -> None:
    result = cli(
        "import",
        "onet",
        ONET,
        "--release",
        "29.2",
        "--occupation",
        "99-9999.00",
        "-o",
        tmp_path / "x.ttl",
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --occupation 99-9999.00: not in")
    assert not (tmp_path / "x.ttl").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--release", "a b", "Error: --release: 'a b' is not a version such as 1.2.0"),
        ("--release-date", "2025-13", "Error: --release-date: '2025-13' is not a date"),
        ("--release-date", "foo", "Error: --release-date: 'foo' is not a date"),
    ],
)
def test_a_bad_release_option_is_one_error_line(
    cli, tmp_path: Path, option: str, value: str, message: str
) -> None:
    """The release goes into IRIs and an xsd:date: a bad one was a traceback or ill-typed."""
    out = tmp_path / "x.nt"
    result = cli("import", "onet", ONET, "--release", "29.2", option, value, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_education_training_and_experience_distributions(graph: rdflib.Graph) -> None:
    claims = set(graph.objects(CSR, CSRO.hasRequirement))
    rows = [
        r
        for r in sample_rows("Education, Training, and Experience.txt", "43-4051.00")
        if r["Scale ID"] in {"RL", "RW", "PT", "OJ"}
    ]
    assert len(rows) == len(claims) == 12 + 11 + 9 + 9
    shares = {
        (
            str(graph.value(c, RDF.type)).rpartition("#")[2],
            str(graph.value(c, CSRO.category)),
        ): graph.value(c, SCHEMA.value).toPython()
        for c in claims
    }
    high_school = "https://w3id.org/csrgraph/onet/category/2.D.1/RL/2"
    assert str(shares[("EducationRequirement", high_school)]) == "54.76"
    experience = "https://w3id.org/csrgraph/onet/category/3.A.1/RW/5"
    assert str(shares[("ExperienceRequirement", experience)]) == "25.59"
    on_the_job = "https://w3id.org/csrgraph/onet/category/3.A.3/OJ/5"
    assert str(shares[("TrainingRequirement", on_the_job)]) == "42.52"
    assert all(str(graph.value(c, SCHEMA.unitCode)) == "P1" for c in claims)
    label = graph.value(rdflib.URIRef(high_school), SKOS.prefLabel)
    assert str(label) == (
        "Required Level of Education: High School Diploma - or the equivalent (for example, GED)"
    )
    # every share carries O*NET's flag: true (Y) on 42 of the sample's, false (N) on the rest
    suppressed = set(graph.subjects(CSRO.suppressionRecommended, rdflib.Literal(True)))
    assert len(suppressed) == 42


def test_alternate_titles_keep_their_short_titles_and_sources(graph: rdflib.Graph) -> None:
    xl = rdflib.Namespace("http://www.w3.org/2008/05/skos-xl#")
    labels = set(graph.objects(CSR, xl.altLabel))
    rows = sample_rows("Alternate Titles.txt", "43-4051.00")
    assert len(labels) == len(rows) == 62
    expected = {
        (r["Alternate Title"], r["Short Title"], tuple(sorted(r["Source(s)"].split(","))))
        for r in rows
    }
    found = {
        (
            str(graph.value(label, xl.literalForm)),
            str(graph.value(label, CSRO.shortTitle) or ""),
            tuple(sorted(str(s) for s in graph.objects(label, CSRO.titleSource))),
        )
        for label in labels
    }
    assert found == expected
    assert ("Customer Care Representative (CCR)", "CCR", ("02", "09", "10")) in found


def test_the_release_is_read_from_the_folder_name_or_required(cli, tmp_path: Path) -> None:
    """Issue 19: --release defaulted to 29.2 whatever the files were."""
    out = tmp_path / "x.nt"
    result = cli("import", "onet", ONET, "--occupation", "43-4051.00", "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: give the O*NET release with --release"), result.stderr
    assert not out.exists()
    named = tmp_path / "db_30_1_text"
    shutil.copytree(ONET, named)
    args = ("--occupation", "43-4051.00", "--release-date", "2025-11", "-o", out)
    assert cli("import", "onet", named, *args).exit_code == 0
    assert b"<https://w3id.org/csrgraph/source/onet-30.1>" in out.read_bytes()
