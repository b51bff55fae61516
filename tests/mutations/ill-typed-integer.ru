# fault: an ill-typed integer section position
# shape: csrsh:Section-position
# path: schema:position

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { <https://w3id.org/csrgraph/section/introduction> schema:position ?p }
INSERT { <https://w3id.org/csrgraph/section/introduction> schema:position "eins"^^xsd:integer }
WHERE { <https://w3id.org/csrgraph/section/introduction> schema:position ?p }
