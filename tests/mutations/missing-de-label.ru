# fault: a missing German label
# shape: csrsh:Labelled-prefLabel-count
# path: skos:prefLabel

PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX task: <https://w3id.org/csrgraph/task/>

DELETE { task:process-refunds skos:prefLabel ?l }
WHERE { task:process-refunds skos:prefLabel ?l FILTER (LANG(?l) = "de") }
