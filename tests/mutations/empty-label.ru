# fault: an empty English label
# shape: csrsh:Text-prefLabel
# path: skos:prefLabel

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { stmt:F27 skos:prefLabel ?l }
INSERT { stmt:F27 skos:prefLabel ""@en }
WHERE { stmt:F27 skos:prefLabel ?l FILTER (LANG(?l) = "en") }
