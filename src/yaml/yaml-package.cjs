// The yaml package, loaded on first use. Most YAML the gate reads is plain block YAML, which
// src/yaml/plain-block.ts reads without it, so a run that never needs it never runs its modules.
// CommonJS because the bundler keeps a require() inside a function lazy; an ESM import runs at start.
// './yaml.cjs' is the package itself here, and dist/yaml.cjs beside the bundles (scripts/build.mjs).
'use strict'

let yaml
module.exports = function yamlPackage() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy require is the point
  return (yaml ??= require('./yaml.cjs'))
}
