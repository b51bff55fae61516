# fault: a typo in a property name of a claim (csro:quantifer)
# shape: csrsh:ChannelUseShape
# path: csro:quantifer

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE { claim:remote-contact csro:quantifier ?h }
INSERT { claim:remote-contact csro:quantifer ?h }
WHERE { claim:remote-contact csro:quantifier ?h }
