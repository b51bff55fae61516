# fault: a malformed fact ID (one digit instead of two)
# shape: csrsh:Statement-factId
# path: csro:factId

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F07 csro:factId ?id }
INSERT { stmt:F07 csro:factId "F7" }
WHERE { stmt:F07 csro:factId ?id }
