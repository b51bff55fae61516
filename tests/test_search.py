"""csrgraph search: what is searchable, matching, ranking, the search index beside an index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from importer_fixtures import imported_ntriples

import csrgraph
from csrgraph.cli import main
from csrgraph.errors import InputError, UsageError
from csrgraph.graph.index import build_index
from csrgraph.search import build_search_index, search
from csrgraph.search.entries import Entry
from csrgraph.search.index import write_file

OCCUPATION = "https://w3id.org/csrgraph/occupation/customer-service-representative"

#: (query, what the first hit's label is, its kind, its match tier)
FIRST: list[tuple[str, str, str, str]] = [
    ("Kundendienstmitarbeiter/in", "Kundendienstmitarbeiter/in", "occupation", "exact"),
    ("KUNDENDIENSTMITARBEITER/IN", "Kundendienstmitarbeiter/in", "occupation", "exact"),
    ("kundendienst", "Kundendienstmitarbeiter/in", "occupation", "prefix"),
    ("Kundendienstmitarbeiter", "Kundendienstmitarbeiter/in", "occupation", "prefix"),
    ("customer service representative", "customer service representative", "occupation", "exact"),
    ("Customer Service", "customer service representative", "occupation", "prefix"),
    ("Beschwerden anhoren", "Beschwerden anhören und Probleme lösen", "task", "prefix"),
    ("probleme losen", "Beschwerden anhören und Probleme lösen", "task", "word"),
    ("complaints resolve", "listen to complaints and resolve problems", "task", "word"),
    (
        "tatigkeiten",
        "Berufe im Dialogmarketing - fachlich ausgerichtete Tätigkeiten",
        "code",
        "word",
    ),
    ("dienstmitarbeiter", "Kundendienstmitarbeiter/in", "occupation", "substring"),
    ("43-4051", "43-4051", "code", "exact"),
    ("43-4051.00", "43-4051.00", "code", "exact"),
    ("4222", "4222", "code", "exact"),
    ("kundendeinst", "Kundendienstmitarbeiter/in", "occupation", "fuzzy"),
    ("custmer service", "customer service representative", "occupation", "fuzzy"),
    ("compliants", "listen to complaints and resolve problems", "task", "fuzzy"),
]
assert len(FIRST) == 17


@pytest.mark.parametrize(("text", "label", "kind", "tier"), FIRST, ids=[f[0] for f in FIRST])
def test_first_hit(text: str, label: str, kind: str, tier: str) -> None:
    hit = search(text)[0]
    assert (hit.label, hit.kind, hit.match) == (label, kind, tier)


def test_codes_of_every_scheme_with_their_scheme() -> None:
    schemes = {h.scheme for h in search("43-4051", kind="code")}
    assert schemes == {"SOC 2010", "SOC 2018", "O*NET-SOC 2019"}  # exact twice, then prefix
    assert [h.match for h in search("43-4051", kind="code")] == ["exact", "exact", "prefix"]
    assert search("4222", kind="code")[0].scheme == "ISCO-08"
    assert search("92122")[0].scheme.startswith("KldB 2010")


def test_ranking_rule() -> None:
    hits = search("customer service")
    tiers = [h.match for h in hits]
    assert tiers == sorted(tiers, key=["exact", "prefix", "word", "substring", "fuzzy"].index)
    # the occupation's own label before a code named the same (kind order), one hit per IRI
    assert hits[0].iri == OCCUPATION
    assert len({h.iri for h in hits}) == len(hits)


def test_preferred_label_before_another_name(tmp_path: Path) -> None:
    data = tmp_path / "two.ttl"
    data.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/a> a skos:Concept ; skos:altLabel 'Kassierer'@de ; "
        "skos:prefLabel 'Zahlstelle'@de .\n"
        "<https://example.org/b> a skos:Concept ; skos:prefLabel 'Kassierer'@de .\n",
        encoding="utf-8",
    )
    hits = search("kassierer", data=[data])
    assert [(h.iri, h.field) for h in hits] == [
        ("https://example.org/b", "pref"),
        ("https://example.org/a", "alt"),
    ]


def test_languages_and_the_lang_filter() -> None:
    assert {h.lang for h in search("customer service representative", kind="occupation")} == {"en"}
    assert search("customer service representative", lang="de", kind="occupation") == []
    assert search("kundendienst", lang="en") == []
    assert search("43-4051", lang="de")  # a code has no language: always searched


def test_kinds_filter_and_limit() -> None:
    assert {h.kind for h in search("e", kind=["task"], limit=50)} == {"task"}
    assert len(search("e", limit=3)) == 3


def test_searchable_through_the_ontology(tmp_path: Path) -> None:
    """A subclass of schema:Occupation and a sub-property of skos:altLabel are searchable."""
    data = tmp_path / "second.ttl"
    data.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "ex:Trade rdfs:subClassOf schema:Occupation .\n"
        "ex:nickname rdfs:subPropertyOf skos:altLabel .\n"
        "ex:baker a ex:Trade ; skos:prefLabel 'boulanger'@fr , 'Bäcker'@de ; "
        "ex:nickname 'mitron'@fr ; skos:notation '7512.1' .\n",
        encoding="utf-8",
    )
    hits = {h.label: h for h in search("mitron", data=[data]) + search("baecker", data=[data])}
    assert hits["mitron"].kind == "occupation" and hits["mitron"].field == "alt"
    assert search("BOULANGER", data=[data], lang="fr")[0].lang == "fr"
    assert search("Backer", data=[data])[0].label == "Bäcker"
    assert search("7512.1", data=[data])[0].iri == "https://example.org/baker"


def test_an_esco_import(tmp_path: Path) -> None:
    data = tmp_path / "esco.nt"
    data.write_bytes(imported_ntriples("esco"))
    (hit,) = search("switchboard recept", data=[data], kind="occupation")
    # one hit per resource, for its best name: an alternative label that starts so
    assert (hit.label, hit.field, hit.match) == ("switchboard receptionist", "alt", "prefix")
    assert hit.scheme_iri  # the fixture has no scheme file: the scheme has no label
    assert search("telephone switchboard", data=[data])[0].iri == hit.iri
    (code,) = search("4225.1", data=[data], kind="occupation")
    assert (code.field, code.match, code.label) == ("code", "exact", "4225.1")
    assert search("4225", data=[data], kind="concept")[0].field == "code"  # the ISCO group


def test_the_package_is_callable() -> None:
    assert csrgraph.search("4222", limit=1) == search("4222", limit=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": " / "}, "nothing to search for"),
        ({"text": "x", "kind": "person"}, "not one of"),
        ({"text": "x", "limit": 0}, "from 1 to"),
        ({"text": "x", "limit": True}, "from 1 to"),
        ({"text": "x", "lang": "not a tag!"}, "lang"),
        ({"text": "x", "store_dir": "i", "data": ["f.ttl"]}, "cannot be used with"),
        ({"text": "x", "index_file": "s.sqlite"}, "needs"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        search(**kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def index_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search") / "index"
    build_index([], folder)
    return folder


def test_an_index_folder_gets_its_search_index(index_folder: Path, tmp_path: Path) -> None:
    (index_folder / "search.sqlite").unlink(missing_ok=True)
    hits = search("kundendienst", store_dir=index_folder)
    assert hits == search("kundendienst")
    assert (index_folder / "search.sqlite").is_file()
    assert [p.name for p in index_folder.iterdir() if p.name.startswith(".")] == []
    # still an index: a rebuild verifies the folder and replaces the store
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "<https://example.org/x> a <http://www.w3.org/2004/02/skos/core#Concept> ; "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> 'Zebrastreifen'@de .\n",
        encoding="utf-8",
    )
    build_index([extra], index_folder)
    # the manifest changed: the search index is stale and is built again
    assert search("zebrastreifen", store_dir=index_folder)[0].iri == "https://example.org/x"


def test_a_stale_search_index_is_rebuilt(index_folder: Path) -> None:
    path = build_search_index(index_folder)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'fingerprint'")
        db.execute("DELETE FROM entry")
    assert search("4222", store_dir=index_folder)  # rebuilt, not read empty
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone() != ("old",)


def test_the_search_index_elsewhere(index_folder: Path, tmp_path: Path) -> None:
    path = build_search_index(index_folder, tmp_path / "s.sqlite")
    assert search("4222", store_dir=index_folder, index_file=path)[0].label == "4222"


def test_a_folder_named_like_the_search_index_is_not_ours(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    build_index([], folder)
    (folder / "search.sqlite").mkdir()
    with pytest.raises(UsageError, match=r"search\.sqlite is not a file"):
        build_index([], folder)


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    path = tmp_path / "a" / "search.sqlite"

    def broken() -> Iterator[Entry]:
        yield Entry("x:a", "task", "a", "", "pref", "", "")
        raise InputError("the graph went away")

    with pytest.raises(InputError, match="went away"):
        write_file(path, broken(), "x")
    assert list((tmp_path / "a").iterdir()) == []
    with pytest.raises(InputError, match="cannot write the search index"):
        write_file(tmp_path / "no" / "search.sqlite", [], "x")


def test_cli_search() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["search", "43-4051.00", "--type", "code", "-f", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "label,lang,kind,scheme,match,field,iri,scheme_iri"
    assert lines[1].startswith("43-4051.00,,code,O*NET-SOC 2019,exact,code,https://")
    result = runner.invoke(main, ["search", "kundendienst", "-f", "json", "--limit", "1"])
    assert '"Kundendienstmitarbeiter/in"' in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "/"], "Error: the search text has no letters or digits"),
        (["search", "x", "--type", "person"], "Error: --type"),
        (["search", "x", "--limit", "0"], "Error: --limit"),
        (["search", "x", "--store-dir", "no/such/dir"], "Error: no/such/dir: no such folder"),
    ],
)
def test_cli_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


#: SQL that turns a good search index into a planted one (the format and fingerprint kept).
PLANTED: list[tuple[str, str]] = [
    ("plain table", "DROP TABLE words; CREATE TABLE words(folded TEXT);"),
    (
        "endless view",
        "DROP TABLE resource; CREATE VIEW resource AS WITH RECURSIVE c(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS id, 'i' AS iri, "
        "'occupation' AS kind, 0 AS kind_rank, '' AS scheme, '' AS scheme_label FROM c;",
    ),
    ("trigger", "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END;"),
    ("extra table", "CREATE TABLE more(x);"),
    ("dropped index", "DROP INDEX entry_folded;"),
]
assert len(PLANTED) == 5


def _plant(path: Path, sql: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript(sql)
    finally:
        db.close()


@pytest.mark.parametrize("sql", [sql for _, sql in PLANTED], ids=[n for n, _ in PLANTED])
def test_a_planted_search_index_is_rebuilt(index_folder: Path, sql: str) -> None:
    from csrgraph.search.index import schema_ok

    path = build_search_index(index_folder)
    _plant(path, sql)
    result = CliRunner().invoke(
        main, ["search", "kundendienst", "--store-dir", str(index_folder), "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "Kundendienstmitarbeiter/in" in result.stdout
    db = sqlite3.connect(path)
    try:
        assert schema_ok(db)
    finally:
        db.close()


def test_a_planted_search_index_that_cannot_be_rebuilt(
    index_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_search_index(index_folder)
    _plant(path, PLANTED[0][1])

    def read_only(target: Path, *_: object) -> None:
        raise InputError(f"{target}: cannot write the search index (Permission denied)")

    monkeypatch.setattr("csrgraph.search.index.write_file", read_only)
    result = CliRunner().invoke(main, ["search", "kundendienst", "--store-dir", str(index_folder)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: "), result.stderr
    assert "cannot write the search index" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_search_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from csrgraph.errors import QueryTimeout
    from csrgraph.search import find
    from csrgraph.search.index import fill

    db = sqlite3.connect(":memory:")
    fill(db, [Entry("x:a", "task", "kunde", "", "pref", "", "")], "")
    db.executescript(PLANTED[1][1])
    monkeypatch.setattr(find, "SEARCH_SECONDS", 0.3)
    with pytest.raises(QueryTimeout, match=r"longer than 0\.3 s"):
        find.lookup(db, "kunde")
    db.close()
