# fault: an ill-typed reference period, month 13
# shape: csrsh:Claim-referencePeriod
# path: csro:referencePeriod

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX occ: <https://w3id.org/csrgraph/occupation/>

DELETE { claim:median-hourly-wage-2017 csro:referencePeriod ?p }
INSERT { claim:median-hourly-wage-2017 csro:referencePeriod "2017-13"^^xsd:gYearMonth }
WHERE { claim:median-hourly-wage-2017 csro:referencePeriod ?p }
