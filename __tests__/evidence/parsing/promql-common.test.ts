// The hand-built tree of the common PromQL shapes against the Prometheus grammar's, node for node:
// wherever commonPromqlTree answers, the grammar parses the expression without error into the same
// tree, and the reading made from it is the same. Expressions: every expr of the examples, fixtures
// and samples, the keywords of the grammar in every place a name can be, and seeded random ones.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import { COMMON_AGGREGATIONS, COMMON_FUNCTIONS, commonPromqlTree, type PromqlNode } from '../../../src/evidence/parsing/promql-common.js'
import { loadPromqlGrammar, readPromql, readPromqlWith } from '../../../src/evidence/parsing/promql.js'
import { hasSamples, SAMPLES } from '../../support/samples.js'
import { seededRandom } from '../../support/seeded-random.js'

const REPO = path.resolve(import.meta.dirname, '../../..')
const grammar = await loadPromqlGrammar()

/** A tree as the reader walks it: name, span, children through firstChild/nextSibling, each child's parent. */
function shown(node: PromqlNode): string {
  let children = ''
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.parent?.name !== node.name || child.parent.from !== node.from || child.parent.to !== node.to) return `${node.name}: a child with another parent`
    children += shown(child)
  }
  return `${node.name}[${node.from},${node.to}](${children})`
}

/** The grammar's tree, or undefined when it holds a syntax error. */
function grammarTree(expr: string): string | undefined {
  const tree = grammar.parse(expr)
  let error = false
  tree.iterate({ enter: (node) => !(error ||= node.type.isError) })
  return error ? undefined : shown(tree.topNode)
}

/** The two readers on one expression: whether the common one answered, and whether it agreed. */
interface Compared {
  expr: string
  common: boolean
  agrees: boolean
  /** Where they disagree: both trees and both readings. */
  trees?: string[]
  readings?: string[]
}

async function compare(expr: string): Promise<Compared> {
  const common = commonPromqlTree(expr)
  if (!common) return { expr, common: false, agrees: true }
  const trees = [shown(common), grammarTree(expr) ?? 'a syntax error']
  const readings = [JSON.stringify(await readPromql(expr)), JSON.stringify(readPromqlWith(grammar, expr))]
  const agrees = trees[0] === trees[1] && readings[0] === readings[1]
  return { expr, common: true, agrees, ...(agrees ? {} : { trees, readings }) }
}

async function expectAgreement(exprs: Iterable<string>): Promise<Compared[]> {
  const results = await Promise.all([...exprs].map(compare))
  expect(results.filter((result) => !result.agrees)).toEqual([])
  return results
}

function exprsIn(root: string): string[] {
  const found: string[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'expr' && typeof inner === 'string') found.push(inner.trim())
        else visit(inner)
      }
  }
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8')
    if (!text.includes('expr')) continue
    for (const document of parseAllDocuments(text)) if (!('empty' in document)) visit(document.toJS())
  }
  return found
}

describe('the common PromQL shapes, read without the grammar', () => {
  it('builds the grammar’s tree for every expr of the examples, fixtures and samples, and reads most of them', async () => {
    const exprs = [path.join(REPO, 'examples'), path.join(REPO, '__tests__/fixtures'), ...(hasSamples ? [SAMPLES] : [])].flatMap(exprsIn)
    expect(exprs.length).toBeGreaterThan(25)
    const results = await expectAgreement(exprs)
    expect(results.filter((result) => result.common).length / results.length).toBeGreaterThan(0.8)
  })

  it('builds the grammar’s tree for the shapes alert rules are written in', async () => {
    const exprs = [
      'avg_over_time(triage_routing_accuracy[1h]) < 0.9',
      'max(triage_input_topic_psi) > 0.2',
      'histogram_quantile(0.95, sum(rate(triage_request_duration_seconds_bucket[5m])) by (le)) > 0.8',
      'sum by (a, b) (rate(x{job="a",code=~"5.."}[5m])) / sum(rate(x[5m])) > 0.05',
      'up == 0',
      ' x > 1 ',
      'x > 1 and y < 2 or z unless w',
      'a ^ b ^ c * d + e % f atan2 g - h / i',
      'job:request_errors:rate5m >= 0.01',
      'x{le="1", quantile="0.5", on="a", by="b", sum="c", offset="d",}',
      "x{a!='b', b!~'c|d'} != 1",
      '{__name__="up", job="a"} == 0',
      'x{} > 1',
      '{}',
      'x [ 1h30m ] ',
      'rate (x[5ms])',
      'time() - process_start_time_seconds > 60',
      'sum without(a)(x)',
      'sum by () (x)',
      'sum(x) without (a,)',
      'topk(5, x) > 1e3',
      'count_values("v", x)',
      'quantile(0.99, x) > 2.5e-3',
      'label_replace(x, "a", "$1", "b", "(.*)")',
      'absent(up{job="a"})',
      '(x) > (1)',
      'x\n  /\n  y\n> 0.5'
    ]
    const results = await expectAgreement(exprs)
    expect(results.filter((result) => !result.common)).toEqual([])
  })

  it('names every function and aggregation it reads as the grammar does', async () => {
    const exprs = [...COMMON_FUNCTIONS].map((name) => `${name}(x)`).concat([...COMMON_AGGREGATIONS].flatMap((name) => [`${name}(x)`, `${name} by (a) (1, x)`]))
    const results = await expectAgreement(exprs)
    expect(results.filter((result) => !result.common)).toEqual([])
  })

  it('leaves every keyword of the grammar to it, or builds the same tree, wherever a name can be', async () => {
    const words = new Set<string>(['inf', 'nan', 'limitk', 'limit_ratio', 'group_left', 'group_right', 'fill_left', 'fill_right', 'start', 'end'])
    for (const type of grammar.nodeSet.types) {
      if (!/^[A-Z][A-Za-z0-9]*$/.test(type.name)) continue
      words.add(type.name.toLowerCase())
      words.add(type.name.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase())
    }
    expect(words.size).toBeGreaterThan(150)
    const exprs = [...words].flatMap((word) => [
      word,
      `${word} > 1`,
      `x > ${word}`,
      `${word}{a="b"}`,
      `${word}[5m]`,
      `${word}(x)`,
      `${word} (x)`,
      `x ${word} y`,
      `x{${word}="a"}`,
      `sum by (${word}) (x)`,
      `sum(x) without (a, ${word})`,
      `${word.toUpperCase()} > 1`,
      `${word[0]!.toUpperCase()}${word.slice(1)}(x)`
    ])
    await expectAgreement(exprs)
  })

  it('agrees with the grammar on 4,000 seeded random expressions, and reads every one made of the common shapes', async () => {
    const random = seededRandom(14)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const space = (): string => pick(['', '', ' ', ' ', '  ', '\n', '\t', '\n  '])
    const metrics = ['up', 'x', 'job:req:rate5m', 'http_requests_total', 'triage_psi', 'le', 'Up']
    const labels = ['job', 'code', 'le', 'quantile', 'on', 'by', 'sum', 'offset', 'bool', '__name__']
    const strings = ['"a"', '"5.."', "'b'", '""', '"a|b"']
    const numbers = ['0', '1', '0.05', '5', '1e3', '2.5e-3', '100']
    const durations = ['5m', '1h', '1h30m', '30s', '250ms', '1d', '2w']
    const operators = ['or', 'and', 'unless', '==', '!=', '>=', '<=', '>', '<', '+', '-', '*', '/', '%', 'atan2', '^']
    const matchOps = ['=', '!=', '=~', '!~']
    const functions = [...COMMON_FUNCTIONS]
    const aggregations = [...COMMON_AGGREGATIONS]
    // Beyond the common shapes: what the grammar alone reads, or refuses.
    const otherNumbers = ['.5', '0x1F', 'Inf', 'NaN', '5m', '-1', '1.', '1_000']
    const otherMetrics = ['sum', 'on', 'bool', 'offset', 'Sum', 'inf', 'by', 'step', 'rate', 'ignoring']
    const otherStrings = ['`a`', '"a\\"b"', '"a\nb"', "'a\\'b'"]
    const otherDurations = ['5', '5m:1m', ' 5m ', '1h30', '5M', '-5m']
    const otherOperators = ['> bool', '/ on(a)', '* ignoring(b) group_left', '+ on() group_right(c)', '=', '=~', '>/', '</', '!']

    // In the common shapes a range is a whole argument (`rate(x[5m])`); the grammar reads `a > b[5m]` as `(a > b)[5m]`.
    const generate = (depth: number, common: boolean, argument = false): string => {
      const other = (): boolean => !common && random() < 0.08
      const selector = (): string => {
        const metric = other() ? pick(otherMetrics) : pick(metrics)
        if (random() < 0.5) return metric
        const count = 1 + Math.floor(random() * 3)
        const matchers = Array.from(
          { length: count },
          () => `${space()}${pick(labels)}${space()}${pick(matchOps)}${space()}${other() ? pick(otherStrings) : pick(strings)}`
        )
        const trailing = random() < 0.15 ? ',' : ''
        return `${random() < 0.2 ? '' : metric}${space()}{${matchers.join(',')}${trailing}${space()}}`
      }
      const choice = depth <= 0 ? Math.floor(random() * 3) : Math.floor(random() * 8)
      if (!common && random() < 0.1) {
        const inner = generate(depth - 1, common)
        return pick([
          `-${inner}`,
          `${inner} offset 5m`,
          `(${inner})[5m:1m]`,
          `${inner} @ 100`,
          `${inner} # note`,
          `${inner})`,
          `(${inner}`,
          `${inner},`,
          `${inner} ${inner}`
        ])
      }
      switch (choice) {
        case 0:
          return other() ? pick(otherNumbers) : pick(numbers)
        case 1:
          return selector()
        case 2:
          if (common && !argument) return selector()
          return `${selector()}${space()}[${space()}${other() ? pick(otherDurations) : pick(durations)}${space()}]`
        case 3: {
          const name = other() ? pick(['foo', 'Rate', 'holt_winters', 'limitk', 'histogram_stddev', 'info']) : pick(functions)
          const args = Array.from({ length: Math.floor(random() * 3) }, () => generate(depth - 1, common, true))
          return `${name}${space()}(${args.join(`,${space()}`)}${space()})`
        }
        case 4: {
          const name = pick(aggregations)
          const args = Array.from({ length: 1 + Math.floor(random() * 2) }, () => generate(depth - 1, common, true))
          const grouping = `${pick(['by', 'without'])}${space()}(${Array.from({ length: Math.floor(random() * 3) }, () => pick(labels)).join(', ')})`
          const body = `(${space()}${args.join(`,${space()}`)})`
          const place = Math.floor(random() * 3)
          return place === 0 ? `${name}${space()}${body}` : place === 1 ? `${name} ${grouping} ${body}` : `${name}${space()}${body} ${grouping}`
        }
        case 5:
          return `(${space()}${generate(depth - 1, common)}${space()})`
        default: {
          const operator = other() ? pick(otherOperators) : pick(operators)
          const word = /^[a-z]/.test(operator)
          const gap = (): string => (word ? pick([' ', '\n', '  ']) : space())
          return `${generate(depth - 1, common)}${gap()}${operator}${gap()}${generate(depth - 1, common)}`
        }
      }
    }

    const mixed = Array.from({ length: 3000 }, () => generate(3, false))
    const results = await expectAgreement(mixed)
    // Enough of the mixed ones are read here for the agreement to mean something.
    expect(results.filter((result) => result.common).length).toBeGreaterThan(1000)

    const common = Array.from({ length: 1000 }, () => generate(3, true))
    const commonResults = await expectAgreement(common)
    expect(commonResults.filter((result) => !result.common).map((result) => result.expr)).toEqual([])
  })
})
