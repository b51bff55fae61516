# fault: an O*NET share of respondents above 100 percent
# shape: csrsh:Requirement-respondentShare
# path: schema:value

PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { <https://w3id.org/csrgraph/onet/requirement/43-4051.00/2.D.1/RL/2> schema:value ?v }
INSERT { <https://w3id.org/csrgraph/onet/requirement/43-4051.00/2.D.1/RL/2> schema:value "154.76"^^xsd:decimal }
WHERE { <https://w3id.org/csrgraph/onet/requirement/43-4051.00/2.D.1/RL/2> schema:value ?v }
