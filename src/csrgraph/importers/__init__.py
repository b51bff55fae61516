"""Importers: one module per external source, writing its records as RDF."""
