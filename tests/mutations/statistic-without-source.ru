# fault: a statistic without its source (no prov:wasDerivedFrom)
# shape: csrsh:Provenance-wasDerivedFrom
# path: prov:wasDerivedFrom

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX prov: <http://www.w3.org/ns/prov#>

DELETE WHERE { claim:median-hourly-wage-2017 prov:wasDerivedFrom ?s }
