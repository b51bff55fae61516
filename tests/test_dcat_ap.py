"""The dataset description meets DCAT-AP 3's mandatory constraints; every distribution has a
dcat:accessURL and a dcat:downloadURL under the release's versioned base IRI, naming a file
that ``dist`` writes.

The shapes are tests/fixtures/dcat-ap-3-mandatory.ttl (written from the DCAT-AP 3 text; see
its header for why it is not SEMIC's file).
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import DCAT, RDF

from csrgraph import __version__
from csrgraph.publish import describe, dist
from csrgraph.validation import validate

SHAPES = Path(__file__).parent / "fixtures" / "dcat-ap-3-mandatory.ttl"


def _description() -> rdflib.Graph:
    return rdflib.Graph().parse(describe.description_path())


def test_the_description_meets_the_dcat_ap_3_mandatory_shapes() -> None:
    report = validate(_description(), shapes=SHAPES, rules=False, engine="pyshacl")
    assert report.conforms, report.to_text()


def test_every_distribution_has_its_versioned_download_url() -> None:
    graph = _description()
    distributions = sorted(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) >= 6
    written = {d.file_name for d in dist.distributions(__version__)}
    urls = set()
    for node in distributions:
        (access,) = graph.objects(node, DCAT.accessURL)
        (download,) = graph.objects(node, DCAT.downloadURL)
        assert str(access) == dist.release_base(__version__)
        assert str(download).startswith(str(access))
        urls.add(str(download).removeprefix(str(access)))
    assert urls == written


def test_a_distribution_without_access_url_breaks_the_shapes() -> None:
    graph = _description()
    node = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((node, DCAT.accessURL, None))
    report = validate(graph, shapes=SHAPES, rules=False, engine="pyshacl")
    assert not report.conforms
    assert [(r.focus, r.path) for r in report.results] == [(node.n3(), DCAT.accessURL.n3())]
