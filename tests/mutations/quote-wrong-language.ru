# fault: a wrong language tag on a quote (the German quote tagged @en, its document German)
# rule: quote-language

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F27 csro:quote ?q }
INSERT { stmt:F27 csro:quote ?en }
WHERE { stmt:F27 csro:quote ?q BIND (STRLANG(STR(?q), "en") AS ?en) }
