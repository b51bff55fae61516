# fault: an empty rendering
# shape: csrsh:Text-rendering
# path: csro:rendering

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { stmt:F27 csro:rendering ?r }
INSERT { stmt:F27 csro:rendering ""@en }
WHERE { stmt:F27 csro:rendering ?r }
