# fault: a wage without its currency
# shape: csrsh:Money-currency
# path: schema:currency

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>

DELETE WHERE { claim:median-hourly-wage-2017 schema:currency ?c }
