# fault: a web address written as text instead of an IRI
# shape: csrsh:SourceDocument-url
# path: schema:url

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX schema: <https://schema.org/>

DELETE { ?doc schema:url ?u }
INSERT { ?doc schema:url ?text }
WHERE { ?doc a csro:SourceDocument ; schema:url ?u BIND (STR(?u) AS ?text) }
