// scripts/eager-factories.mjs: the bundles' module factories written as `(function...)` so that V8
// compiles them while scanning the bundle (docs/performance.md, round eleven).
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { eagerFactories, moduleFactories } from '../../scripts/eager-factories.mjs'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Runs a bundle body under webpack's calling convention, `factory.call(module.exports, module, exports, require)`: its modules' exports as JSON. */
function runBundle(code: string): string {
  // The table is `var t={...}`; each module is required once, in order, as ncc's runtime does. The
  // bundle runs in a function called with the context's global object, which has `bundle`, as `this`.
  const script = `(function () {
    ${code}
    const cache = {}
    const require = (id) => {
      if (cache[id]) return cache[id].exports
      const module = (cache[id] = { exports: {} })
      t[id].call(module.exports, module, module.exports, require)
      return module.exports
    }
    return JSON.stringify(Object.keys(t).map((id) => require(id)), (_, value) => (typeof value === 'function' ? 'function ' + value.name : value))
  }).call(this)`
  return vm.runInNewContext(script, { bundle: 'this of the bundle' }) as string
}

const BUNDLE = `var t={
  1:(e,t,s)=>{const n=s(2);t.sum=n.add(2,3);t.self=typeof this},
  2:e=>{e.exports={add:(a,b)=>a+b,args:typeof arguments}},
  3:(e,t)=>{t.seen=this===undefined?'undefined':this.bundle},
  4:(e,t)=>{t.args=(()=>arguments.length)()},
  5:function(e,t){t.self=this===t},
  6:(e,t)=>{class A{x=this;m(){return this}};t.kind=typeof new A().m()},
  7:(e,t)=>{t.f=function(){return this}.call(7)},
  8:(e)=>e.exports=8
};`

describe('eagerFactories', () => {
  it('writes each factory that runs the same as a function as (function...), and leaves the rest', () => {
    const { code, rewritten } = eagerFactories(BUNDLE, 'test.js')
    const forms = Object.fromEntries(moduleFactories(code, 'test.js').map(({ id, form }) => [id, form]))
    expect(forms).toEqual({
      1: 'lexical', // reads `this`
      2: 'lexical', // reads `arguments`
      3: 'lexical',
      4: 'lexical', // an inner arrow reads the factory's `arguments`
      5: 'eager', // a function already: only parenthesized
      6: 'eager', // `this` only inside a class member
      7: 'eager', // `this` only inside a function of its own
      8: 'lexical' // an expression body
    })
    expect(rewritten).toBe(3)
    expect(code).toContain('6:(function(e,t){class A')
    expect(code).toContain('5:(function(e,t){t.self=this===t})')
  })

  it('changes nothing any module exports', () => {
    expect(runBundle(eagerFactories(BUNDLE, 'test.js').code)).toBe(runBundle(BUNDLE))
    expect(runBundle(BUNDLE)).toBe(
      '[{"sum":5,"self":"object"},{"add":"function add","args":"object"},{"seen":"this of the bundle"},{"args":0},{"self":true},{"kind":"object"},{"f":7},8]'
    )
  })

  it('refuses a bundle without a module table', () => {
    expect(() => eagerFactories('console.log(1)', 'plain.js')).toThrow(/no webpack module table/)
  })

  it('has been applied to every factory of every bundle in dist/', () => {
    const bundles = readdirSync(path.join(ROOT, 'dist')).filter((name) => name.endsWith('.js'))
    expect(bundles).toEqual(expect.arrayContaining(['cli.js', 'index.js']))
    for (const name of bundles) {
      const factories = moduleFactories(readFileSync(path.join(ROOT, 'dist', name), 'utf8'), name)
      // None of the gate's factories reads the bundle's `this`: all are compiled eagerly.
      expect({ name, notEager: factories.filter(({ form }) => form !== 'eager').map(({ id }) => id) }).toEqual({
        name,
        notEager: []
      })
    }
    const cli = moduleFactories(readFileSync(path.join(ROOT, 'dist/cli.js'), 'utf8'), 'cli.js')
    expect(cli.length).toBeGreaterThan(50)
  })
})
