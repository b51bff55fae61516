"""Second floor of ``csrgraph query``: ``import click``, then exactly what ``query.py`` does.

A click CLI cannot start faster than its interpreter plus click, so this is the least any
click command that loads the files and runs the query could take.

Usage: python floors/query_click.py QUERY.rq FILE... (results as CSV on stdout).
"""

import sys

import click  # noqa: F401  (imported for its cost only)
import pyoxigraph as ox

query_file, *files = sys.argv[1:]
store = ox.Store()
for path in files:
    store.bulk_load(path=path)
with open(query_file, encoding="utf-8") as handle:
    text = handle.read()
store.query(text).serialize(sys.stdout.buffer, ox.QueryResultsFormat.CSV)
