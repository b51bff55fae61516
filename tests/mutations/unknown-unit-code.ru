# fault: an unknown unit code (HOUR is not UN/CEFACT; HUR is)
# shape: csrsh:PayPeriod-unitCode
# path: schema:unitCode

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>

DELETE { claim:median-hourly-wage-2017 schema:unitCode ?u }
INSERT { claim:median-hourly-wage-2017 schema:unitCode "HOUR" }
WHERE { claim:median-hourly-wage-2017 schema:unitCode ?u }
