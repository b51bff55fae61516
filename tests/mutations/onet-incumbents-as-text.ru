# fault: an O*NET incumbents count written as text
# shape: csrsh:Task-incumbentsResponding
# path: csro:incumbentsResponding

PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE { <https://w3id.org/csrgraph/onet/task/43-4051.00-2578> csro:incumbentsResponding ?n }
INSERT { <https://w3id.org/csrgraph/onet/task/43-4051.00-2578> csro:incumbentsResponding "73" }
WHERE { <https://w3id.org/csrgraph/onet/task/43-4051.00-2578> csro:incumbentsResponding ?n }
