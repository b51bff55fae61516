// Test-only: validate data files with shacl-engine (rdf-ext), one process for all of them,
// writing each SHACL report next to its data file as FILE.shacl-engine.nt.
// Usage: node validate.mjs --shapes FILE... --data FILE...   (Turtle or N-Triples files)
// shacl-engine reads rdfs:subClassOf from the shapes graph only, so tests/test_shapes.py
// passes the ontology among the --shapes files.
import { readFileSync, writeFileSync } from 'node:fs'
import toNT from '@rdfjs/to-ntriples'
import { DataFactory, Parser, Store } from 'n3'
import { targetResolvers, validations } from 'shacl-engine/sparql.js'
import Validator from 'shacl-engine/Validator.js'

const files = { shapes: [], data: [] }
let into = 'shapes'
for (const arg of process.argv.slice(2)) {
  if (arg === '--shapes' || arg === '--data') into = arg.slice(2)
  else files[into].push(arg)
}
const factory = { ...DataFactory, dataset: (quads) => new Store(quads) }

function load (paths) {
  const store = new Store()
  for (const path of paths) {
    store.addQuads(new Parser({ baseIRI: 'file://' + path }).parse(readFileSync(path, 'utf8')))
  }
  return store
}

// shacl-engine 1.1.2 applies sh:prefixes to sh:sparql constraints but not to SPARQL-based
// targets: write each target's declared prefixes into its query, as SHACL says they apply.
const SH = 'http://www.w3.org/ns/shacl#'
function inlineTargetPrefixes (shapes) {
  for (const quad of shapes.getQuads(null, DataFactory.namedNode(SH + 'select'), null, null)) {
    const lines = []
    for (const prefixes of shapes.getObjects(quad.subject, DataFactory.namedNode(SH + 'prefixes'), null)) {
      for (const declare of shapes.getObjects(prefixes, DataFactory.namedNode(SH + 'declare'), null)) {
        const [prefix] = shapes.getObjects(declare, DataFactory.namedNode(SH + 'prefix'), null)
        const [namespace] = shapes.getObjects(declare, DataFactory.namedNode(SH + 'namespace'), null)
        lines.push(`PREFIX ${prefix.value}: <${namespace.value}>`)
      }
    }
    if (lines.length === 0) continue
    shapes.removeQuad(quad)
    const text = DataFactory.literal(lines.join('\n') + '\n' + quad.object.value)
    shapes.addQuad(DataFactory.quad(quad.subject, quad.predicate, text, quad.graph))
  }
  return shapes
}

// the SPARQL plugin: SHACL-SPARQL constraints and SPARQL-based targets (sh:SPARQLTarget)
const shapes = inlineTargetPrefixes(load(files.shapes))
const validator = new Validator(shapes, { factory, targetResolvers, validations })
for (const path of files.data) {
  const report = await validator.validate({ dataset: load([path]) })
  const lines = [...report.dataset.match()].map(quad => toNT(quad))
  writeFileSync(path + '.shacl-engine.nt', lines.join('\n') + '\n')
}
