import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import { layers } from './eslint.layers.js'

export default tseslint.config(
  { ignores: ['dist/', '.tmp/', 'node_modules/', 'coverage/', 'bench/out/', 'bench/results.json', 'src/schema/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off'
    }
  },
  ...layers
)
