# fault: a section position written as text
# shape: csrsh:Section-position
# path: schema:position

PREFIX schema: <https://schema.org/>
PREFIX sec: <https://w3id.org/csrgraph/section/>

DELETE { sec:job-description schema:position ?p }
INSERT { sec:job-description schema:position "2" }
WHERE { sec:job-description schema:position ?p }
