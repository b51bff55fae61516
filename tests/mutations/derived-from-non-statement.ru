# fault: provenance pointing to a task instead of a statement
# shape: csrsh:Provenance-wasDerivedFrom
# path: prov:wasDerivedFrom

PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX task: <https://w3id.org/csrgraph/task/>

DELETE { task:process-refunds prov:wasDerivedFrom ?s }
INSERT { task:process-refunds prov:wasDerivedFrom task:answer-customer-questions }
WHERE { task:process-refunds prov:wasDerivedFrom ?s }
