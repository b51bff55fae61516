"""Floor of ``csrgraph export``: bare pyoxigraph loads the same files and writes Turtle.

Usage: python floors/export.py FILE... (Turtle on stdout).
"""

import sys

import pyoxigraph as ox

store = ox.Store()
for path in sys.argv[1:]:
    store.bulk_load(path=path)
store.dump(sys.stdout.buffer, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
