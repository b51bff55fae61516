# fault: a hedge pointing to a non-hedge (an industry)
# shape: csrsh:Claim-hedge
# path: csro:hedge

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX industry: <https://w3id.org/csrgraph/industry/>

DELETE { claim:in-person-contact-in-retail csro:hedge ?h }
INSERT { claim:in-person-contact-in-retail csro:hedge industry:retail }
WHERE { claim:in-person-contact-in-retail csro:hedge ?h }
