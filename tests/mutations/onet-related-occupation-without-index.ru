# fault: an entry of an O*NET occupation's related occupations without its place in the list
# shape: csrsh:RelatedOccupation-position
# path: schema:position

PREFIX csro: <https://w3id.org/csrgraph/ontology#>
PREFIX schema: <https://schema.org/>

DELETE { ?entry schema:position ?index }
WHERE { <https://w3id.org/csrgraph/onet/occupation/43-4051.00> csro:relatedOccupation ?entry .
        ?entry schema:position ?index }
