# fault: a malformed currency (lower case, not ISO 4217)
# shape: csrsh:Money-currency
# path: schema:currency

PREFIX pay: <https://w3id.org/csrgraph/pay/>
PREFIX schema: <https://schema.org/>

DELETE { pay:experience-0-5-years schema:currency ?c }
INSERT { pay:experience-0-5-years schema:currency "usd" }
WHERE { pay:experience-0-5-years schema:currency ?c }
