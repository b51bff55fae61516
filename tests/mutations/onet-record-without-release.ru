# fault: an imported record that does not say which release it comes from
# shape: csrsh:SourceRecord-isPartOf
# path: dcterms:isPartOf

PREFIX dcterms: <http://purl.org/dc/terms/>

DELETE { ?record dcterms:isPartOf ?release }
WHERE {
  ?record dcterms:isPartOf ?release .
  FILTER (?record = <https://w3id.org/csrgraph/record/onet-29.2/task-statements.txt/43-4051.00_2578>)
}
