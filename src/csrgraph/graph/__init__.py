"""RDF in: reading bytes safely, parsing strictly, the in-memory graph, the on-disk index.

* :mod:`~csrgraph.graph.reading`: the bytes of a file, stdin, a pipe or a device, as UTF-8;
* :mod:`~csrgraph.graph.parsing`: the one strict parser (pyoxigraph) every RDF input goes through;
* :mod:`~csrgraph.graph.load`: the bundled graph plus the user's files, as an rdflib graph for
  SHACL and export, or an embedded Oxigraph store for queries;
* :mod:`~csrgraph.graph.index`: the persistent on-disk Oxigraph store (``csrgraph index``).

Nothing here runs SPARQL: that is :mod:`csrgraph.sparql`'s job.
"""
