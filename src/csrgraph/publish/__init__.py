"""Publish the dataset: its description, release files, documentation, diagram and schema.org form.

* :mod:`~csrgraph.publish.plan`: the release plan (which files a release holds), a leaf;
* :mod:`~csrgraph.publish.void`: the generated VoID/DCAT/SHACL-AF triples of the description;
* :mod:`~csrgraph.publish.describe`: ``data/dataset.ttl``, statistics computed from the graph;
* :mod:`~csrgraph.publish.dist`: the release artefacts and their checksums;
* :mod:`~csrgraph.publish.docs`: the ontology's HTML page (pyLODE);
* :mod:`~csrgraph.publish.diagram_model` and :mod:`~csrgraph.publish.diagram`: the model's picture;
* :mod:`~csrgraph.publish.schemaorg`: one occupation as a schema.org ``Occupation`` document.
"""
