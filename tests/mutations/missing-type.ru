# fault: a missing rdf:type on a claim
# shape: csrsh:TypedResource-type
# path: rdf:type

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE DATA { claim:median-hourly-wage-2017 a csro:WageStatistic }
