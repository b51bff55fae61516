# fault: a boolean written as text
# shape: csrsh:Claim-negated
# path: csro:negated

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE { claim:no-licence-required csro:negated ?b }
INSERT { claim:no-licence-required csro:negated "yes" }
WHERE { claim:no-licence-required csro:negated ?b }
