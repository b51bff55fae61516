"""Second floor of ``csrgraph export``: ``import click``, then exactly what ``export.py`` does.

A click CLI cannot start faster than its interpreter plus click, so this is the least any
click command that loads the files and writes Turtle could take.

Usage: python floors/export_click.py FILE... (Turtle on stdout).
"""

import sys

import click  # noqa: F401  (imported for its cost only)
import pyoxigraph as ox

store = ox.Store()
for path in sys.argv[1:]:
    store.bulk_load(path=path)
store.dump(sys.stdout.buffer, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
