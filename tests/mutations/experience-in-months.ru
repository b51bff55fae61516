# fault: an experience band counted in the wrong unit
# shape: csrsh:ExperienceBand-unitCode
# path: schema:unitCode

PREFIX band: <https://w3id.org/csrgraph/experience-band/>
PREFIX schema: <https://schema.org/>

DELETE { band:10-20-years schema:unitCode ?u }
INSERT { band:10-20-years schema:unitCode "MON" }
WHERE { band:10-20-years schema:unitCode ?u }
