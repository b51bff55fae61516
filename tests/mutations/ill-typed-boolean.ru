# fault: an ill-typed boolean, German ja
# shape: csrsh:Task-typical
# path: csro:typical

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { ?task csro:typical ?t }
INSERT { ?task csro:typical "ja"^^xsd:boolean }
WHERE { { SELECT ?task WHERE { ?task csro:typical true } ORDER BY ?task LIMIT 1 } ?task csro:typical ?t }
