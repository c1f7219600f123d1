// Types of scripts/eager-factories.mjs, for the tests.
export interface ModuleFactory {
  id: string
  /** eager: `(function...)`; function: a function not yet parenthesized; arrow: to be rewritten; lexical: an arrow left as it is. */
  form: 'eager' | 'function' | 'arrow' | 'lexical'
}
export function moduleFactories(code: string, file?: string): ModuleFactory[]
export function eagerFactories(code: string, file?: string): { code: string; rewritten: number }
