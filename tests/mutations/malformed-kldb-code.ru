# fault: a KldB 2010 code with four digits
# shape: csrsh:KldbCodes-codeValue
# path: ^schema:inCodeSet / schema:codeValue

PREFIX code: <https://w3id.org/csrgraph/code/>
PREFIX schema: <https://schema.org/>

DELETE { code:kldb-2010-92122 schema:codeValue ?c }
INSERT { code:kldb-2010-92122 schema:codeValue "9212" }
WHERE { code:kldb-2010-92122 schema:codeValue ?c }
