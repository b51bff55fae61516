# fault: a number turned into text: the median wage written as a string
# shape: csrsh:WageStatistic-median
# path: schema:median

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>

DELETE { claim:median-hourly-wage-2017 schema:median ?v }
INSERT { claim:median-hourly-wage-2017 schema:median "15.81" }
WHERE { claim:median-hourly-wage-2017 schema:median ?v }
