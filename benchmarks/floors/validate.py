"""Floor of ``csrgraph validate``: the bare pyshacl call on the same files, same options.

Usage: python floors/validate.py SHAPES.ttl FILE... (exit 0 if the data conforms, else 1).
"""

import sys

import pyshacl
import rdflib

shapes_file, *files = sys.argv[1:]
data = rdflib.Graph()
for path in files:
    data.parse(path)
conforms, _, text = pyshacl.validate(
    data,
    shacl_graph=rdflib.Graph().parse(shapes_file),
    inference="none",
    advanced=True,
    allow_warnings=False,
)
sys.stdout.write(text)
sys.exit(0 if conforms else 1)
