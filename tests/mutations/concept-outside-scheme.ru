# fault: a concept in no concept scheme
# shape: csrsh:Concept-inScheme
# path: skos:inScheme

PREFIX channel: <https://w3id.org/csrgraph/channel/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE WHERE { channel:e-mail skos:inScheme ?s }
