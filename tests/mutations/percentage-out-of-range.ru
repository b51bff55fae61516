# fault: a share above 100 percent
# shape: csrsh:EmploymentShare-value
# path: schema:value

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { claim:part-time-employment schema:value ?v }
INSERT { claim:part-time-employment schema:value "120"^^xsd:decimal }
WHERE { claim:part-time-employment schema:value ?v }
