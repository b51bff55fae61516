# fault: an ill-typed document language, with an underscore
# shape: csrsh:SourceDocument-language
# path: dcterms:language

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { ?doc dcterms:language ?l }
INSERT { ?doc dcterms:language "de_DE"^^xsd:language }
WHERE { ?doc a csro:SourceDocument ; dcterms:language ?l }
