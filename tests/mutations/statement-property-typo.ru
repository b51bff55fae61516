# fault: a typo in a property name of a statement (csro:qoute)
# shape: csrsh:StatementShape
# path: csro:qoute

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F02 csro:quote ?q }
INSERT { stmt:F02 csro:qoute ?q }
WHERE { stmt:F02 csro:quote ?q }
