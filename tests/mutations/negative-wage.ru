# fault: a negative wage
# shape: csrsh:WageStatistic-median
# path: schema:median

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { claim:median-hourly-wage-2017 schema:median ?v }
INSERT { claim:median-hourly-wage-2017 schema:median "-15.81"^^xsd:decimal }
WHERE { claim:median-hourly-wage-2017 schema:median ?v }
