# fault: a label without a language tag
# shape: csrsh:Labelled-prefLabel
# path: skos:prefLabel

PREFIX hedge: <https://w3id.org/csrgraph/hedge/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE { hedge:most skos:prefLabel ?l }
INSERT { hedge:most skos:prefLabel "die meisten" }
WHERE { hedge:most skos:prefLabel ?l FILTER (LANG(?l) = "de") }
