# fault: an experience band without its lower bound
# shape: csrsh:ExperienceBand-minValue
# path: schema:minValue

PREFIX band: <https://w3id.org/csrgraph/experience-band/>
PREFIX schema: <https://schema.org/>

DELETE WHERE { band:20-plus-years schema:minValue ?v }
