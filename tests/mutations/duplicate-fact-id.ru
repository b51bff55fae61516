# fault: two statements with the same fact ID
# shape: csrsh:FactId-unique
# path: ^csro:factId

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F28 csro:factId ?id }
INSERT { stmt:F28 csro:factId "F27" }
WHERE { stmt:F28 csro:factId ?id }
