# fault: two values where one is allowed (a second currency)
# shape: csrsh:Money-currency
# path: schema:currency

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>

INSERT DATA { claim:median-hourly-wage-2017 schema:currency "EUR" }
