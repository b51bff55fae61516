# fault: an O*NET share whose lower confidence bound is above its upper bound
# shape: csrsh:Claim-lowerConfidenceBound
# path: csro:lowerConfidenceBound

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { <https://w3id.org/csrgraph/onet/requirement/43-4051.00/2.D.1/RL/2> csro:lowerConfidenceBound ?v }
INSERT { <https://w3id.org/csrgraph/onet/requirement/43-4051.00/2.D.1/RL/2> csro:lowerConfidenceBound "99.5"^^xsd:decimal }
WHERE { <https://w3id.org/csrgraph/onet/requirement/43-4051.00/2.D.1/RL/2> csro:lowerConfidenceBound ?v }
