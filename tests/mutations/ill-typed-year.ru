# fault: an ill-typed projection start year
# shape: csrsh:EmploymentProjection-startYear
# path: csro:startYear

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { claim:employment-growth-all-industries csro:startYear ?y }
INSERT { claim:employment-growth-all-industries csro:startYear "20x6"^^xsd:gYear }
WHERE { claim:employment-growth-all-industries csro:startYear ?y }
