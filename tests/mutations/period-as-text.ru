# fault: a reference period as plain text
# shape: csrsh:Claim-referencePeriod
# path: csro:referencePeriod

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE { claim:median-hourly-wage-2017 csro:referencePeriod ?p }
INSERT { claim:median-hourly-wage-2017 csro:referencePeriod "Mai 2017" }
WHERE { claim:median-hourly-wage-2017 csro:referencePeriod ?p }
