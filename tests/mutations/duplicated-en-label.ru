# fault: a second English label where one is allowed
# shape: csrsh:Labelled-prefLabel
# path: skos:prefLabel

PREFIX occ: <https://w3id.org/csrgraph/occupation/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

INSERT DATA { occ:customer-service-representative skos:prefLabel "customer service agent"@en }
