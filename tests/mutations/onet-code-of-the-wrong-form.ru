# fault: an imported O*NET-SOC code of the wrong form
# shape: csrsh:OnetSocCodes-codeValue
# path: ^schema:inCodeSet / schema:codeValue

PREFIX schema: <https://schema.org/>

DELETE { <https://w3id.org/csrgraph/code/onet-soc-2019-43-4199.00> schema:codeValue ?c }
INSERT { <https://w3id.org/csrgraph/code/onet-soc-2019-43-4199.00> schema:codeValue "43-4199.0" }
WHERE { <https://w3id.org/csrgraph/code/onet-soc-2019-43-4199.00> schema:codeValue ?c }
