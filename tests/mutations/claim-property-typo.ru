# fault: a typo in a property name of a claim (csro:quantifer)
# shape: csrsh:ChannelUseShape
# path: csro:quantifer

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE { claim:telephone-contact csro:quantifier ?h }
INSERT { claim:telephone-contact csro:quantifer ?h }
WHERE { claim:telephone-contact csro:quantifier ?h }
