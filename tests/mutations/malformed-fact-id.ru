# fault: a malformed fact ID (lower case, with a space)
# shape: csrsh:Statement-factId
# path: csro:factId

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F07 csro:factId ?id }
INSERT { stmt:F07 csro:factId "f 7" }
WHERE { stmt:F07 csro:factId ?id }
