# fault: a negative amount of pay in an experience band
# shape: csrsh:ExperiencePay-value
# path: schema:value

PREFIX pay: <https://w3id.org/csrgraph/pay/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { pay:experience-5-10-years schema:value ?v }
INSERT { pay:experience-5-10-years schema:value "-30000"^^xsd:decimal }
WHERE { pay:experience-5-10-years schema:value ?v }
