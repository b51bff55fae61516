# fault: a projection that ends before it starts
# shape: csrsh:EmploymentProjection-startYear
# path: csro:startYear

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { claim:employment-growth-call-centres csro:endYear ?y }
INSERT { claim:employment-growth-call-centres csro:endYear "2006"^^xsd:gYear }
WHERE { claim:employment-growth-call-centres csro:endYear ?y }
