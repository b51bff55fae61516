# fault: a statement without its quote
# shape: csrsh:Statement-quote
# path: csro:quote

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE WHERE { stmt:F21 csro:quote ?q }
