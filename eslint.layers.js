// The layering, enforced: a module imports only from its own layer or below. Lowest first:
//   fs, yaml, report, schema, trust
//   evidence, manifest, policy/types.ts
//   evaluate (the engine, the requirement catalog and its units)
//   policy (loading: it checks ids against the catalog and derives the default stages from it)
//   gate.ts
//   change, deploy (the base comparison, which runs the gate; the deploy job's stage check)
//   render
//   github, cli
//   action.ts, cli.ts (the entry points)
// An upward import fails `npm run lint`; __tests__/lint/layers.test.ts proves the rule bites.

/** Specifiers that reach a top-level folder (or file) of src/ from anywhere below src/. */
const reach = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})(/|\\.js$)`

const ABOVE = {
  low: ['evidence', 'manifest', 'policy', 'evaluate', 'gate', 'change', 'deploy', 'render', 'github', 'cli', 'action'],
  middle: ['policy/(?!types\\.js$)[^/]+', 'evaluate', 'gate', 'change', 'deploy', 'render', 'github', 'cli', 'action'],
  evaluate: ['policy/(?!types\\.js$)[^/]+', 'gate', 'change', 'deploy', 'render', 'github', 'cli', 'action'],
  policy: ['gate', 'change', 'deploy', 'render', 'github', 'cli', 'action'],
  gate: ['change', 'deploy', 'render', 'github', 'cli', 'action'],
  change: ['render', 'github', 'cli', 'action'],
  render: ['github', 'cli', 'action'],
  github: ['cli', 'action'],
  cli: ['github', 'action']
}

const rule = (layer) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { regex: reach(ABOVE[layer]), message: `The ${layer} layer imports only from its own layer or below (see eslint.layers.js and docs/layout.md).` }
      ]
    }
  ]
})

export const layers = [
  { files: ['src/{fs,yaml,report,schema,trust}/**/*.ts'], rules: rule('low') },
  { files: ['src/{evidence,manifest}/**/*.ts', 'src/policy/types.ts'], rules: rule('middle') },
  { files: ['src/evaluate/**/*.ts'], rules: rule('evaluate') },
  { files: ['src/policy/**/*.ts'], ignores: ['src/policy/types.ts'], rules: rule('policy') },
  { files: ['src/gate.ts'], rules: rule('gate') },
  { files: ['src/{change,deploy}/**/*.ts'], rules: rule('change') },
  { files: ['src/render/**/*.ts'], rules: rule('render') },
  { files: ['src/github/**/*.ts'], rules: rule('github') },
  { files: ['src/cli/**/*.ts'], rules: rule('cli') }
]
