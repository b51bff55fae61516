# fault: a statement attributed to something that is not an agent
# shape: csrsh:Statement-wasAttributedTo
# path: prov:wasAttributedTo

PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sec: <https://w3id.org/csrgraph/section/>
PREFIX stmt: <https://w3id.org/csrgraph/statement/>

DELETE { stmt:F27 prov:wasAttributedTo ?who }
INSERT { stmt:F27 prov:wasAttributedTo sec:experience-and-pay }
WHERE { stmt:F27 prov:wasAttributedTo ?who }
