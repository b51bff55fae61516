# fault: a training duration given as a bare number instead of a quantity node
# shape: csrsh:Claim-trainingDuration
# path: csro:trainingDuration

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { claim:on-the-job-training csro:trainingDuration ?d }
INSERT { claim:on-the-job-training csro:trainingDuration "3"^^xsd:decimal }
WHERE { claim:on-the-job-training csro:trainingDuration ?d }
