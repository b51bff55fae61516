"""The static website of the graph: pages, the in-browser search and the charts.

``finder`` writes the search box and builds its index from the written pages; ``charts``
draws the SVG bar charts of quantitative claims. Both know HTML, never the data.
"""
