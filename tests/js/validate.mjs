// Test-only: validate data files with shacl-engine (rdf-ext), one process for all of them,
// writing each SHACL report next to its data file as FILE.shacl-engine.nt.
// Usage: node validate.mjs --shapes FILE... --data FILE...   (Turtle or N-Triples files)
// shacl-engine reads rdfs:subClassOf from the shapes graph only, so tests/test_shapes.py
// passes the ontology among the --shapes files.
import { readFileSync, writeFileSync } from 'node:fs'
import toNT from '@rdfjs/to-ntriples'
import { DataFactory, Parser, Store } from 'n3'
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

const validator = new Validator(load(files.shapes), { factory })
for (const path of files.data) {
  const report = await validator.validate({ dataset: load([path]) })
  const lines = [...report.dataset.match()].map(quad => toNT(quad))
  writeFileSync(path + '.shacl-engine.nt', lines.join('\n') + '\n')
}
