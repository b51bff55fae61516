"""The static Linked Data website of the graph: one page per resource, German and English.

One module a role: :mod:`~csrgraph.site.paths` (IRI to file, content negotiation and the
``.htaccess`` rules, shared by the host and ``csrgraph serve``), :mod:`~csrgraph.site.collect`
(what the graph says, through SPARQL and the store's pattern match),
:mod:`~csrgraph.site.render` (HTML, every value escaped), :mod:`~csrgraph.site.build` (the
files, written into a temporary folder), :mod:`~csrgraph.site.folder` (the output folder's
checks and the swap at the end), :mod:`~csrgraph.site.serve` (the
local preview), :mod:`~csrgraph.site.finder` (search in the browser) and
:mod:`~csrgraph.site.charts` (inline SVG charts).
"""
