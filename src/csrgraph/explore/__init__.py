"""Look at the graph: explain a fact, and tell what the graph holds.

:mod:`~csrgraph.explore.explain` gives the statement behind a fact ID or a node, with its
source text; :mod:`~csrgraph.explore.info` counts what the graph holds. Both ask their
questions through :mod:`csrgraph.sparql`.
"""
