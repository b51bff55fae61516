# fault: an O*NET-SOC code without its two-digit suffix
# shape: csrsh:OnetSocCodes-codeValue
# path: ^schema:inCodeSet / schema:codeValue

PREFIX code: <https://w3id.org/csrgraph/code/>
PREFIX schema: <https://schema.org/>

DELETE { code:onet-soc-2019-43-4051.00 schema:codeValue ?c }
INSERT { code:onet-soc-2019-43-4051.00 schema:codeValue "43-4051" }
WHERE { code:onet-soc-2019-43-4051.00 schema:codeValue ?c }
