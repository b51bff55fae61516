# fault: an imported O*NET task statement without its task ID
# shape: csrsh:ImportedTask-notation
# path: skos:notation

PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE { <https://w3id.org/csrgraph/onet/task/43-4051.00-2578> skos:notation ?id }
WHERE { <https://w3id.org/csrgraph/onet/task/43-4051.00-2578> skos:notation ?id }
