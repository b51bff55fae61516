# fault: a concept without its English definition
# shape: csrsh:Defined-definition-count
# path: skos:definition

PREFIX hedge: <https://w3id.org/csrgraph/hedge/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE { hedge:some skos:definition ?d }
WHERE { hedge:some skos:definition ?d FILTER (LANG(?d) = "en") }
