// The yaml package behind a relative require: scripts/build.mjs bundles it into a file of its own,
// dist/yaml.cjs, which the bundles require only when the plain block reader gives up. Inside the
// bundles its ~125 KB would be scanned on every start, whether a run reads such YAML or not.
'use strict'

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file that is only this require
module.exports = require('yaml')
