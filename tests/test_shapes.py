"""The SHACL shapes: the bundled graph conforms, and every mutation in tests/mutations/ fails.

Each mutation is a SPARQL Update applied to a copy of the bundled graph (ontology + data).
Its header names the editing fault, the shape that must reject it (``sh:sourceShape``) and
the result path::

    # fault: a negative wage
    # shape: csrsh:WageStatistic-median
    # path: schema:median

Prefixed names in the header are those of ``ontology/shapes.ttl``; a path may be a sequence
(``^schema:inCodeSet / schema:codeValue``), written as :class:`ValidationResult` renders it.
A fault that only an integrity rule of ``ontology/rules/`` can see names the rule instead of
shape and path (``# rule: quote-language``).

Every case runs through every SHACL engine ``validate`` ships (pySHACL, and pyshacl-turbo
where it is installed), and the engines must report the same results.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from external import jena, need
from rdflib import RDF, RDFS, Namespace

from csrgraph import resources
from csrgraph.graph.load import load_graph, load_store
from csrgraph.validation import ValidationReport, load_shapes, results_from_report, validate
from csrgraph.validation.engines import turbo_available
from csrgraph.validation.rules import RULES_NS, bundled_rules

SH = Namespace("http://www.w3.org/ns/shacl#")
CSRO = "https://w3id.org/csrgraph/ontology#"
# onet-*.ru break imported data: tests/test_import_onet_shapes.py runs them on the import.
MUTATIONS = sorted(
    p for p in (Path(__file__).parent / "mutations").glob("*.ru") if not p.name.startswith("onet-")
)
HEADER_KEYS = ("fault", "shape", "path")
# The ill-typed mutation cases make rdflib warn while the tests copy and update the graph.
pytestmark = pytest.mark.filterwarnings("ignore:.*weird:UserWarning")

#: The engines validate ships on this Python (turbo is in the test extra from Python 3.11).
#: turbo is a test dependency from Python 3.11 on: there, a broken install fails here instead
#: of quietly dropping the engine from the mutation suite and the parity test.
TURBO_EXPECTED = sys.version_info >= (3, 11)
assert turbo_available() or not TURBO_EXPECTED, "pyshacl-turbo (test extra) does not import"
ENGINES = ["pyshacl", "oxigraph"] + (["turbo"] if turbo_available() else [])


@pytest.fixture(scope="session")
def bundled() -> rdflib.Graph:
    """The bundled ontology and data, parsed once."""
    return load_graph()


@pytest.fixture(scope="session")
def shapes() -> rdflib.Graph:
    """The bundled shapes graph, parsed once."""
    return load_shapes()


@pytest.fixture(scope="session")
def data_only() -> rdflib.Graph:
    """The bundled instance data without the ontology."""
    return load_graph(include_ontology=False)


def read_header(path: Path) -> dict[str, str]:
    """Return the ``# key: value`` lines at the top of a mutation file."""
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        header[key.strip()] = value.strip()
    return header


def expand(curie: str, shapes: rdflib.Graph) -> str:
    """Expand a prefixed name with the prefixes of the shapes graph, as ``<iri>``."""
    return f"<{shapes.namespace_manager.expand_curie(curie)}>"


def expand_path(text: str, shapes: rdflib.Graph) -> str:
    """Render a header path (``a:b``, ``^a:b``, ``^a:b / c:d``) as the report renders it."""
    steps = []
    for step in text.split(" / "):
        inverse = step.startswith("^")
        steps.append(("^" if inverse else "") + expand(step.lstrip("^"), shapes))
    return " / ".join(steps)


def mutated(bundled: rdflib.Graph, update: str) -> rdflib.Graph:
    """Return a copy of the bundled graph with the SPARQL Update applied."""
    graph = rdflib.Graph()
    graph += bundled
    graph.update(update)
    return graph


def describe(report: ValidationReport) -> str:
    """List the results as shape, path, message (for assertion messages)."""
    return "\n".join(f"  {r.shape} {r.path}: {r.message}" for r in report.results)


def test_the_mutation_suite_is_not_empty() -> None:
    assert len(MUTATIONS) >= 25


def test_the_bundled_graph_conforms(bundled: rdflib.Graph, shapes: rdflib.Graph) -> None:
    report = validate(bundled, shapes=shapes)
    assert report.conforms, report.to_text()
    assert report.results == []


def _expected(header: dict[str, str], shapes: rdflib.Graph) -> tuple[str, str | None]:
    if header.get("rule"):
        return f"<{RULES_NS}{header['rule']}>", None
    assert all(header.get(key) for key in HEADER_KEYS), f"needs {HEADER_KEYS} or rule"
    return expand(header["shape"], shapes), expand_path(header["path"], shapes)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_bundled_graph_conforms_in_every_engine(
    engine: str, bundled: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    report = validate(bundled, shapes=shapes, rules=True, engine=engine)
    assert report.conforms, report.to_text()


@pytest.fixture(scope="module")
def reports(bundled: rdflib.Graph, shapes: rdflib.Graph) -> dict:
    """(mutation name, engine) -> the report, each case validated once per engine."""
    return {}


def _report(reports: dict, path: Path, engine: str, bundled, shapes) -> ValidationReport:
    if (path.name, engine) not in reports:
        graph = mutated(bundled, path.read_text(encoding="utf-8"))
        assert set(graph) != set(bundled), f"{path.name} changed nothing: its WHERE matched nothing"
        reports[path.name, engine] = validate(graph, shapes=shapes, rules=True, engine=engine)
    return reports[path.name, engine]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", MUTATIONS, ids=[p.name for p in MUTATIONS])
def test_the_mutation_is_rejected_by_the_expected_shape(
    path: Path, engine: str, reports: dict, bundled: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    header = read_header(path)
    shape, result_path = _expected(header, shapes)
    report = _report(reports, path, engine, bundled, shapes)

    assert not report.conforms, f"{path.name} ({header['fault']}) was accepted"
    found = {(r.shape, r.path) for r in report.results}
    assert (shape, result_path) in found, (
        f"{path.name} ({header['fault']}): expected {shape} on {result_path}, got:\n"
        + describe(report)
    )


def _key(report: ValidationReport) -> set[tuple]:
    """Which shape failed on which focus node, path and value (blank-node foci left out).

    A set: on an ill-typed literal with a pattern, an engine may report sh:datatype and
    sh:pattern as two results of the same shape (turbo does), or only one (pySHACL).
    """
    return {(r.focus, r.path, r.value, r.shape) for r in report.results if r.focus[:2] != "_:"}


@pytest.mark.skipif(not TURBO_EXPECTED, reason="pyshacl-turbo needs Python 3.11 or newer")
@pytest.mark.parametrize("path", MUTATIONS, ids=[p.name for p in MUTATIONS])
def test_every_engine_reports_the_same_results(
    path: Path, reports: dict, bundled: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    first, *others = (_report(reports, path, engine, bundled, shapes) for engine in ENGINES)
    for engine, other in zip(ENGINES[1:], others, strict=True):
        assert other.conforms == first.conforms
        assert _key(other) == _key(first), f"{engine} differs from pySHACL on {path.name}"


def test_every_mutation_names_a_shape_or_rule_that_exists(shapes: rdflib.Graph) -> None:
    named = {str(s) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    named |= {str(s) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    named |= {rule.iri for rule in bundled_rules()}
    for path in MUTATIONS:
        shape = _expected(read_header(path), shapes)[0][1:-1]
        assert shape in named, f"{path.name}: {shape} is no shape or rule of ours"


def test_every_mutation_is_a_different_fault() -> None:
    faults = [read_header(path)["fault"] for path in MUTATIONS]
    assert len(faults) == len(MUTATIONS)
    assert len(set(faults)) == len(faults)


def _named_shapes(shapes: rdflib.Graph) -> set[rdflib.URIRef]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.objects(None, SH.property))
    return {s for s in found if isinstance(s, rdflib.URIRef)}


def test_every_shape_is_named_and_has_an_english_message(shapes: rdflib.Graph) -> None:
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    assert len(found) >= 100
    unnamed = [s for s in found if not isinstance(s, rdflib.URIRef)]
    assert unnamed == [], "give every node and property shape an IRI"
    silent = sorted(
        str(s)
        for s in _named_shapes(shapes)
        if not any(
            isinstance(m, rdflib.Literal) and m.language == "en"
            for m in shapes.objects(s, SH.message)
        )
    )
    assert silent == []


def test_every_property_shape_is_used_by_a_node_shape(shapes: rdflib.Graph) -> None:
    declared = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(declared) >= 80
    assert declared - set(shapes.objects(None, SH.property)) == set()


def _classes_with_superclasses(graph: rdflib.Graph, node: rdflib.term.Node) -> set:
    classes = set()
    for cls in graph.objects(node, RDF.type):
        classes |= set(graph.transitive_objects(cls, RDFS.subClassOf))
    return classes


def test_every_typed_node_of_the_data_is_targeted_by_a_class_shape(
    bundled: rdflib.Graph, data_only: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    typed = set(data_only.subjects(RDF.type, None))
    assert len(typed) >= 150
    unchecked = sorted(
        str(node) for node in typed if not _classes_with_superclasses(bundled, node) & targets
    )
    assert unchecked == [], "add a node shape for the class of these nodes"


def test_every_class_of_ours_in_the_data_has_a_closed_shape(
    data_only: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    ours = {c for c in data_only.objects(None, RDF.type) if str(c).startswith(CSRO)}
    assert len(ours) >= 25
    closed = {
        cls
        for shape in shapes.subjects(SH.closed, rdflib.Literal(True))
        for cls in shapes.objects(shape, SH.targetClass)
    }
    assert sorted(str(c) for c in ours - closed) == []


# --- the other SHACL engines: Apache Jena's shacl and shacl-engine (rdf-ext) -----------------

HERE = Path(__file__).parent
CASES = ["bundled", *(p.name for p in MUTATIONS)]


def _shacl_engine() -> list[str]:
    node = shutil.which("node")
    need("Node.js", node is not None, "apt-get install nodejs npm")
    installed = (HERE / "js" / "node_modules" / "shacl-engine").is_dir()
    need("shacl-engine", installed, "npm ci --prefix tests/js")
    assert node is not None
    return [node, str(HERE / "js" / "validate.mjs")]


@pytest.fixture(scope="module")
def other_engines() -> Iterator[dict[tuple[str, str], ValidationReport]]:
    """(case, engine) -> report of Jena and shacl-engine, each engine run once for all cases.

    Both get the bundled shapes file; shacl-engine also gets the ontology in its shapes
    graph, since it reads rdfs:subClassOf (for sh:targetClass and sh:class) from there only.
    """
    with tempfile.TemporaryDirectory(prefix="csrgraph-engines-") as name:
        yield _run_other_engines(Path(name))


def _parse_unnormalised(path: Path) -> rdflib.Graph:
    """Parse a report keeping lexical forms (rdflib would read "ja"^^xsd:boolean as "false")."""
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return rdflib.Graph().parse(path, format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _run_other_engines(folder: Path) -> dict:
    # The cases are written by Oxigraph, which keeps every lexical form as given (rdflib
    # would write the ill-typed "ja"^^xsd:boolean as "false").
    files = {}
    for case in CASES:
        store = load_store()
        if case != "bundled":
            store.update((HERE / "mutations" / case).read_text("utf-8"))
        files[case] = folder / f"{case}.nt"
        store.dump(files[case], format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    data = [str(files[case]) for case in CASES]
    shapes_file = str(resources.shapes_files()[0])
    ontology = [str(p) for p in resources.ontology_files()]
    commands = {
        "jena": [*jena(folder), str(HERE / "engines" / "JenaShacl.java"), "--shapes", shapes_file],
        "shacl-engine": [*_shacl_engine(), "--shapes", shapes_file, *ontology],
    }
    found = {}
    for engine, command in commands.items():
        done = subprocess.run(
            [*command, "--data", *data], capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-2000:]
        for case in CASES:
            report = _parse_unnormalised(Path(f"{files[case]}.{engine}.nt"))
            conforms = next(report.objects(None, SH.conforms), None)
            assert conforms is not None, f"{engine} wrote no report for {case}"
            found[case, engine] = ValidationReport(
                conforms.toPython() is True, results_from_report(report)
            )
    return found


def _shape_results(report: ValidationReport) -> tuple[bool, set[tuple]]:
    """Verdict and results of the shapes alone (the integrity rules are csrgraph's own)."""
    shaped = [r for r in report.results if not r.shape.startswith(f"<{RULES_NS}")]
    return bool(shaped) is False, _key(ValidationReport(not shaped, shaped))


@pytest.mark.external
@pytest.mark.parametrize("engine", ["jena", "shacl-engine"])
@pytest.mark.parametrize("case", CASES)
def test_other_engines_give_the_same_verdict_and_results(
    case: str, engine: str, other_engines: dict, reports: dict, bundled, shapes
) -> None:
    assert len(CASES) >= 40
    if case == "bundled":
        ours = validate(bundled, shapes=shapes, rules=False, engine="pyshacl")
    else:
        ours = _report(reports, HERE / "mutations" / case, "pyshacl", bundled, shapes)
    theirs = other_engines[case, engine]
    verdict, results = _shape_results(ours)
    assert theirs.conforms == verdict, f"{engine} on {case}:\n{theirs.to_text()}"
    assert _key(theirs) == results, f"{engine} differs from pySHACL on {case}"
