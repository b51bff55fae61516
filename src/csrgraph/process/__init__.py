"""Child processes: untrusted work runs where a crash, a time-out or a memory blow-up is one line.

* :mod:`~csrgraph.process.sandbox`: the child leaves the network and dies with its parent;
* :mod:`~csrgraph.process.child`: fork (or spawn) a child, bound its memory and time, carry
  its answer or its error (same class, same fields) back through a pipe.

The SPARQL-specific tasks live in :mod:`csrgraph.sparql`, the parsing task in
:mod:`csrgraph.graph.isolated`. Nothing here imports rdflib or pyoxigraph.
"""
