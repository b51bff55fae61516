# fault: a credential recognised by something that is not an organisation
# shape: csrsh:Credential-recognizedBy
# path: schema:recognizedBy

PREFIX cred: <https://w3id.org/csrgraph/credential/>
PREFIX schema: <https://schema.org/>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { cred:ccsp schema:recognizedBy ?o }
INSERT { cred:ccsp schema:recognizedBy stmt:F20 }
WHERE { cred:ccsp schema:recognizedBy ?o }
