# fault: a malformed SOC code (no hyphen)
# shape: csrsh:SocCodes-codeValue
# path: ^schema:inCodeSet / schema:codeValue

PREFIX code: <https://w3id.org/csrgraph/code/>
PREFIX schema: <https://schema.org/>

DELETE { code:soc-2018-43-4051 schema:codeValue ?c }
INSERT { code:soc-2018-43-4051 schema:codeValue "434051" }
WHERE { code:soc-2018-43-4051 schema:codeValue ?c }
