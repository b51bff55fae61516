# fault: a label in a language the graph does not use (@fr for @de)
# shape: csrsh:Own-prefLabel-languages
# path: skos:prefLabel

PREFIX channel: <https://w3id.org/csrgraph/channel/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE { channel:telephone skos:prefLabel ?l }
INSERT { channel:telephone skos:prefLabel "téléphone"@fr }
WHERE { channel:telephone skos:prefLabel ?l FILTER (LANG(?l) = "de") }
