# fault: an ISCO-08 code with five digits
# shape: csrsh:IscoCodes-codeValue
# path: ^schema:inCodeSet / schema:codeValue

PREFIX code: <https://w3id.org/csrgraph/code/>
PREFIX schema: <https://schema.org/>

DELETE { code:isco-08-4222 schema:codeValue ?c }
INSERT { code:isco-08-4222 schema:codeValue "42220" }
WHERE { code:isco-08-4222 schema:codeValue ?c }
