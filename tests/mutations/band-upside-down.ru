# fault: an experience band upside down (lower bound above upper bound)
# shape: csrsh:Quantity-minValue
# path: schema:minValue

PREFIX band: <https://w3id.org/csrgraph/experience-band/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { band:5-10-years schema:minValue ?v }
INSERT { band:5-10-years schema:minValue "12"^^xsd:decimal }
WHERE { band:5-10-years schema:minValue ?v }
