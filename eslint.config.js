import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import { layers } from './eslint.layers.js'

export default tseslint.config(
  { ignores: ['dist/', '.tmp/', 'node_modules/', 'coverage/', 'bench/out/', 'bench/results.json', 'src/schema/generated/'] },
  js.configs.recommended,
  // Type-aware rules (floating promises, unsafe any, awaiting non-promises) read the TypeScript
  // program of tsconfig.json: `npm run lint` takes ~40 s instead of ~15 s on two cores (.ci/run).
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      ecmaVersion: 2023,
      sourceType: 'module',
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off'
    }
  },
  // Scripts, benchmarks and configs are plain JavaScript outside tsconfig.json: no type information.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  ...layers
)
