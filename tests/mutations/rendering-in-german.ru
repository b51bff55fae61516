# fault: an English rendering tagged @de
# shape: csrsh:Statement-rendering
# path: csro:rendering

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F12 csro:rendering ?r }
INSERT { stmt:F12 csro:rendering ?de }
WHERE { stmt:F12 csro:rendering ?r BIND (STRLANG(STR(?r), "de") AS ?de) }
