"""Floor of ``csrgraph query``: bare pyoxigraph loads the same files and runs the same query.

Usage: python floors/query.py QUERY.rq FILE... (results as CSV on stdout, like the CLI
writes when stdout is not a terminal).
"""

import sys

import pyoxigraph as ox

query_file, *files = sys.argv[1:]
store = ox.Store()
for path in files:
    store.bulk_load(path=path)
with open(query_file, encoding="utf-8") as handle:
    text = handle.read()
store.query(text).serialize(sys.stdout.buffer, ox.QueryResultsFormat.CSV)
