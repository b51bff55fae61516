# fault: an O*NET Job Zone outside 1 to 5
# shape: csrsh:Occupation-jobZone
# path: csro:jobZone

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { <https://w3id.org/csrgraph/onet/occupation/43-4051.00> csro:jobZone ?z }
INSERT { <https://w3id.org/csrgraph/onet/occupation/43-4051.00> csro:jobZone "7"^^xsd:integer }
WHERE { <https://w3id.org/csrgraph/onet/occupation/43-4051.00> csro:jobZone ?z }
