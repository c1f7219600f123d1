// The module factories of an ncc (webpack) bundle written as parenthesized `function` expressions, so
// that V8 compiles each while it scans the bundle (its "PIFE" heuristic) instead of preparsing it then
// and parsing it all again on the module's first require: a one-system `check` runs 45 of the CLI's 74
// factories, 506 of its 593 KB, and parsed them twice (docs/performance.md, round eleven: about 10% of
// its instructions). V8 applies the heuristic to `(function`, not to a parenthesized arrow.
//
// A factory is an arrow `(e,t,s)=>{...}` in the bundle's module table (`var t={779:(e,t)=>{...},...}`
// in an entry, `export const modules = {...}` in a chunk). As a `function` it runs the same, called
// as webpack calls it, `factory.call(module.exports, module, exports, require)`, unless its body reads
// `this`, `arguments`, `new.target` or `super` outside a function of its own: an arrow reads the
// bundle's, a function its call's. Such a factory is left an arrow. A bundle without a module table
// fails the build: ncc's output changed, and the speed would go unnoticed.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const ts = require('typescript')

/** Whether `node` reads the `this`, `arguments`, `new.target` or `super` of the function around it. */
function readsLexicalScope(node) {
  let found = false
  const visit = (child) => {
    if (found) return
    switch (child.kind) {
      case ts.SyntaxKind.ThisKeyword:
      case ts.SyntaxKind.SuperKeyword:
        found = true
        return
      case ts.SyntaxKind.MetaProperty:
        // new.target is the call's; import.meta is the module's either way.
        if (child.keywordToken === ts.SyntaxKind.NewKeyword) found = true
        return
      case ts.SyntaxKind.Identifier:
        if (child.text === 'arguments') found = true
        return
      // Functions and class members have their own; a class's heritage and computed names do not.
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
        if (child.name?.kind === ts.SyntaxKind.ComputedPropertyName) visit(child.name)
        return
      case ts.SyntaxKind.PropertyDeclaration:
        if (child.name.kind === ts.SyntaxKind.ComputedPropertyName) visit(child.name)
        return
      default:
        ts.forEachChild(child, visit)
    }
  }
  ts.forEachChild(node, visit)
  return found
}

/** The module tables of a bundle: object literals at its top level whose every key is a number and every value a function. */
function moduleTables(source) {
  const tables = []
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      const table = declaration.initializer
      if (!table || !ts.isObjectLiteralExpression(table) || table.properties.length === 0) continue
      const factories = table.properties.every(
        (property) =>
          ts.isPropertyAssignment(property) &&
          ts.isNumericLiteral(property.name) &&
          (ts.isArrowFunction(skipParentheses(property.initializer)) || ts.isFunctionExpression(skipParentheses(property.initializer)))
      )
      if (factories) tables.push(table)
    }
  }
  return tables
}

const skipParentheses = (node) => (ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node)

/**
 * Each factory of the bundle's module tables, with how it is written: `eager` (a parenthesized
 * function expression), `arrow` (to be rewritten) or `lexical` (an arrow that reads the bundle's
 * `this` or the like, left as it is).
 */
export function moduleFactories(code, file = 'bundle.js') {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const tables = moduleTables(source)
  if (tables.length === 0) throw new Error(`${file}: no webpack module table found; ncc's output changed (scripts/eager-factories.mjs)`)
  return tables.flatMap((table) =>
    table.properties.map((property) => {
      const value = property.initializer
      const inner = skipParentheses(value)
      const form = ts.isFunctionExpression(inner)
        ? ts.isParenthesizedExpression(value)
          ? 'eager'
          : 'function'
        : inner.modifiers?.length || !ts.isBlock(inner.body) || readsLexicalScope(inner.body)
          ? 'lexical'
          : 'arrow'
      return { id: property.name.text, form, value, inner, source }
    })
  )
}

/** The bundle with each factory that can be (see above) written `(function(params){body})`; and how many were. */
export function eagerFactories(code, file) {
  const edits = []
  for (const { form, value, inner, source } of moduleFactories(code, file)) {
    if (form === 'eager' || form === 'lexical') continue
    const start = value.getStart(source)
    let text
    if (form === 'function') text = `(${code.slice(start, value.end)})`
    else {
      const parameters = inner.parameters.length ? code.slice(inner.parameters[0].getStart(source), inner.parameters.at(-1).end) : ''
      text = `(function(${parameters})${code.slice(inner.body.getStart(source), inner.body.end)})`
    }
    edits.push({ start, end: value.end, text })
  }
  let result = code
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, start) + text + result.slice(end)
  return { code: result, rewritten: edits.length }
}
