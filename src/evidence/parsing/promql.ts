// PromQL read with the Prometheus project's own grammar (@prometheus-io/lezer-promql, the parser
// behind the Prometheus UI's editor) instead of matching text: the metrics an alert watches, the
// label matchers it selects with, its threshold and window, and whether it can fire at all. The
// grammar accepts some expressions Prometheus refuses when it type-checks them (`rate(x)`,
// `1 > 2`); the few checks that matter for alerts are made here on the tree. Expressions in the
// common shapes get the same tree from ./promql-common.ts, without loading the grammar.
import type { LRParser } from '@lezer/lr'
import { commonPromqlTree, type PromqlNode } from './promql-common.js'

type SyntaxNode = PromqlNode

let grammar: Promise<LRParser> | undefined
/**
 * The grammar loads on first use: loading its code and building its parse tables takes ~13 ms, which
 * a run whose rules are all in the common shapes (and `explain`, `init`) should not pay at start-up.
 */
export function loadPromqlGrammar(): Promise<LRParser> {
  grammar ??= import('@prometheus-io/lezer-promql').then((module) => module.parser)
  return grammar
}

type ValueType = 'scalar' | 'vector' | 'matrix' | 'string'

/** What a sub-expression is: its type, whether it reads any series, and what is known statically. */
interface Shape {
  type: ValueType
  /** True when some series selector feeds it: false means its value is the same whatever the monitored system does. */
  selects: boolean
  /** Why it can never return a series (e.g. `vector(0) > 1`), or false when it can. */
  empty: false | string
  /**
   * The value it has whatever the monitored system does, when known: a constant scalar, `vector(1)`,
   * or a selected series multiplied by 0 (then `selects` is true: whether it returns a series still
   * depends on the system, its value does not).
   */
  constant?: number
}

export interface LabelMatcher {
  name: string
  op: string
  value: string
}

export interface PromqlReading {
  ok: true
  /** Metric names of the series it selects, in order of appearance, without repeats. */
  metrics: string[]
  matchers: LabelMatcher[]
  /** The numeric side of the expression's single top-level comparison, when it has exactly one. */
  threshold?: number
  /** Which side of the threshold the alert fires on (none for `==`, `!=` or a `bool` comparison). */
  firesWhen?: 'above' | 'below'
  /** The metric compared with the threshold when the other side reads it unchanged in scale (`max(x)`, `avg_over_time(x[1h])`). */
  compared?: string
  /** The range of its range selectors and subqueries, when they all agree (`5m`). */
  range?: string
  /** Why the expression can never fire, when it cannot: an alert on it alerts nobody. */
  neverFires?: string
}

export interface PromqlProblem {
  ok: false
  /** Completes "the expr of alert "X" …": e.g. "does not parse as PromQL at column 7 (after "sum(")". */
  message: string
}

/** PromQL functions whose argument must be a range vector (`x[5m]`) or a subquery. */
const RANGE_FUNCTIONS = new Set(
  (
    'rate irate increase delta idelta deriv predict_linear holt_winters double_exponential_smoothing resets changes ' +
    'avg_over_time min_over_time max_over_time sum_over_time count_over_time quantile_over_time stddev_over_time ' +
    'stdvar_over_time last_over_time present_over_time mad_over_time absent_over_time ts_of_max_over_time ts_of_min_over_time ts_of_last_over_time'
  ).split(' ')
)
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi'])
const COMPARISONS = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq'])
const SET_OPERATORS = new Set(['And', 'Or', 'Unless'])
const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2'])
/** Nodes that wrap one expression without changing what it selects. */
const WRAPPERS = new Set(['PromQL', 'ParenExpr', 'OffsetExpr', 'StepInvariantExpr'])
const NOT_EXPRESSIONS = new Set([
  'LineComment',
  'FunctionIdentifier',
  'AggregateOp',
  'AggregateModifier',
  'BoolModifier',
  'MatchingModifierClause',
  'UnaryOp',
  'Offset',
  'OffsetDurationExpr',
  'At',
  'AtModifierPreprocessors',
  'DurationExpr',
  'FillModifier'
])

class PromqlError extends Error {}

/**
 * Reads an alert expression; a problem is an expression Prometheus would refuse to load. The common
 * shapes are read without loading the grammar (./promql-common.ts builds the same tree).
 */
export async function readPromql(expr: string): Promise<PromqlReading | PromqlProblem> {
  const common = commonPromqlTree(expr)
  return common ? readPromqlTree(common, expr) : readPromqlWith(await loadPromqlGrammar(), expr)
}

/** readPromql by the grammar alone, the reference the common shapes are held to. */
export function readPromqlWith(parser: LRParser, expr: string): PromqlReading | PromqlProblem {
  const tree = parser.parse(expr)
  let errorAt: number | undefined
  tree.iterate({
    enter(node) {
      if (errorAt === undefined && node.type.isError) errorAt = node.from
      return errorAt === undefined
    }
  })
  if (errorAt !== undefined) {
    const before = expr.slice(Math.max(0, errorAt - 20), errorAt).trimStart()
    const line = expr.slice(0, errorAt).split('\n').length
    const column = errorAt - expr.lastIndexOf('\n', errorAt - 1)
    const where = expr.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`
    return { ok: false, message: `does not parse as PromQL at ${where}${before ? ` (after "${before}")` : ''}` }
  }
  return readPromqlTree(tree.topNode, expr)
}

/** Reads an expression's syntax tree, free of syntax errors. */
function readPromqlTree(top: SyntaxNode, expr: string): PromqlReading | PromqlProblem {
  const reading: PromqlReading = { ok: true, metrics: [], matchers: [] }
  const ranges = new Set<string>()
  let shape: Shape
  try {
    shape = shapeOf(top, expr, reading, ranges)
  } catch (error) {
    if (error instanceof PromqlError) return { ok: false, message: error.message }
    throw error
  }
  if (shape.type === 'matrix' || shape.type === 'string') {
    return { ok: false, message: `returns a ${shape.type === 'matrix' ? 'range vector' : 'string'}; an alert needs an instant vector or a scalar` }
  }
  if (!shape.selects) reading.neverFires = 'it selects no series: its value is a constant, whatever the system does'
  else if (shape.empty) reading.neverFires = `it can never return a series: ${shape.empty}`
  else if (shape.constant !== undefined)
    reading.neverFires = `its value does not depend on what it reads (it is always ${shape.constant}), so it cannot tell a healthy system from a failing one`
  Object.assign(reading, topLevelComparison(top, expr))
  if (ranges.size === 1) reading.range = [...ranges][0]!
  return reading
}

const text = (node: SyntaxNode, expr: string): string => expr.slice(node.from, node.to)

function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = []
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!NOT_EXPRESSIONS.has(child.name) && !COMPARISONS.has(child.name) && !SET_OPERATORS.has(child.name) && !ARITHMETIC.has(child.name)) children.push(child)
  }
  return children
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1)
  try {
    return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string
  } catch {
    return literal.slice(1, -1)
  }
}

function numberLiteral(literal: string): number | undefined {
  const lower = literal.toLowerCase().replace(/^[+]/, '')
  if (lower === 'inf' || lower === '+inf') return Infinity
  if (lower === 'nan') return NaN
  const value = Number(literal)
  return Number.isNaN(value) ? undefined : value
}

function compare(op: string, left: number, right: number): boolean {
  switch (op) {
    case 'Gtr':
      return left > right
    case 'Lss':
      return left < right
    case 'Gte':
      return left >= right
    case 'Lte':
      return left <= right
    case 'Eql':
      return left === right
    default:
      return left !== right
  }
}

function arithmetic(op: string, left: number, right: number): number {
  switch (op) {
    case 'Add':
      return left + right
    case 'Sub':
      return left - right
    case 'Mul':
      return left * right
    case 'Div':
      return left / right
    case 'Mod':
      return left % right
    case 'Pow':
      return left ** right
    default:
      return Math.atan2(left, right)
  }
}

function operatorOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (COMPARISONS.has(child.name) || SET_OPERATORS.has(child.name) || ARITHMETIC.has(child.name)) return child
  }
  return undefined
}

function shapeOf(node: SyntaxNode, expr: string, reading: PromqlReading, ranges: Set<string>): Shape {
  const inner = (child: SyntaxNode): Shape => shapeOf(child, expr, reading, ranges)
  switch (node.name) {
    case 'NumberDurationLiteral': {
      const value = numberLiteral(text(node, expr))
      return { type: 'scalar', selects: false, empty: false, ...(value !== undefined ? { constant: value } : {}) }
    }
    case 'StringLiteral':
      return { type: 'string', selects: false, empty: false }
    case 'VectorSelector':
      return { type: 'vector', selects: true, empty: readSelector(node, expr, reading) ?? false }
    case 'MatrixSelector':
    case 'SubqueryExpr': {
      const duration = node.getChild('DurationExpr')
      if (duration) ranges.add(text(duration, expr).trim())
      const of = expressionChildren(node)[0]
      const shape = of ? inner(of) : ({ type: 'vector', selects: false, empty: false } satisfies Shape)
      if (node.name === 'SubqueryExpr' && shape.type !== 'vector')
        throw new PromqlError(`takes a subquery of a ${shape.type}, which Prometheus refuses (a subquery needs an instant vector)`)
      return { type: 'matrix', selects: shape.selects, empty: shape.empty }
    }
    case 'UnaryExpr': {
      const shape = inner(expressionChildren(node)[0]!)
      const negative = text(node, expr).trimStart().startsWith('-')
      return shape.constant !== undefined && negative ? { ...shape, constant: -shape.constant } : shape
    }
    case 'FunctionCall':
      return functionShape(node, expr, inner)
    case 'AggregateExpr': {
      const args = expressionChildren(node.getChild('FunctionCallBody') ?? node).map(inner)
      const vector = args[args.length - 1]
      return { type: 'vector', selects: args.some((arg) => arg.selects), empty: vector?.empty ?? false }
    }
    case 'BinaryExpr':
      return binaryShape(node, expr, inner)
    default: {
      if (WRAPPERS.has(node.name)) {
        const child = expressionChildren(node)[0]
        if (!child) throw new PromqlError('is empty')
        return inner(child)
      }
      // Anything else the grammar knows reads like a vector of what it contains.
      const args = expressionChildren(node).map(inner)
      return { type: 'vector', selects: args.some((arg) => arg.selects), empty: firstEmpty(args) }
    }
  }
}

function functionShape(node: SyntaxNode, expr: string, inner: (child: SyntaxNode) => Shape): Shape {
  const name = text(node.getChild('FunctionIdentifier')!, expr).toLowerCase()
  const args = expressionChildren(node.getChild('FunctionCallBody') ?? node).map(inner)
  if (RANGE_FUNCTIONS.has(name) && !args.some((arg) => arg.type === 'matrix')) {
    throw new PromqlError(`calls ${name}() without a range; Prometheus needs one, e.g. ${name}(metric[5m])`)
  }
  const selects = args.some((arg) => arg.selects)
  const empty = firstEmpty(args)
  if (name === 'vector') return { type: 'vector', selects, empty, ...(args[0]?.constant !== undefined ? { constant: args[0].constant } : {}) }
  if (SCALAR_FUNCTIONS.has(name)) return { type: 'scalar', selects, empty: false }
  return { type: 'vector', selects, empty }
}

function binaryShape(node: SyntaxNode, expr: string, inner: (child: SyntaxNode) => Shape): Shape {
  const operator = operatorOf(node)!
  const sides = expressionChildren(node)
  const left = inner(sides[0]!)
  const right = inner(sides[sides.length - 1]!)
  const op = operator.name
  const selects = left.selects || right.selects
  const vectors = [left, right].filter((side) => side.type === 'vector')
  if (SET_OPERATORS.has(op)) {
    if (vectors.length < 2)
      throw new PromqlError(
        `uses "${text(operator, expr)}" between ${left.type === 'vector' ? 'a vector and a number' : 'numbers'}; Prometheus allows set operators only between vectors`
      )
    const empty = op === 'And' ? left.empty || right.empty : op === 'Or' ? left.empty && right.empty : left.empty || removesAll(node, expr, sides, right)
    return { type: 'vector', selects: op === 'Unless' ? left.selects : selects, empty }
  }
  const scalars = left.type === 'scalar' && right.type === 'scalar'
  if (COMPARISONS.has(op)) {
    const withBool = node.getChild('BoolModifier') !== null
    if (scalars && !withBool)
      throw new PromqlError(`compares two numbers (${text(node, expr).trim()}) without bool, which Prometheus refuses; a constant can never alert`)
    const bothKnown = left.constant !== undefined && right.constant !== undefined
    // A filtering comparison of two constants keeps its series only when it holds (NaN, as in
    // `x * 0` for an infinite x, never does).
    const holds = bothKnown && compare(op, left.constant!, right.constant!)
    const alwaysFalse = !withBool && bothKnown && !holds ? 'a constant part of it is always false' : false
    const result: Shape = { type: scalars ? 'scalar' : 'vector', selects, empty: left.empty || right.empty || alwaysFalse }
    // A filtering comparison that holds keeps the vector side's samples (the left one between two
    // vectors or two scalars); with bool it is 1 or 0.
    const kept = left.type === 'vector' || right.type !== 'vector' ? left : right
    if (bothKnown) result.constant = withBool ? Number(holds) : kept.constant!
    return result
  }
  const constant =
    left.constant !== undefined && right.constant !== undefined
      ? arithmetic(op, left.constant, right.constant)
      : independentValue(op, node, expr, sides, left, right)
  return { type: scalars ? 'scalar' : 'vector', selects, empty: left.empty || right.empty, ...(constant !== undefined ? { constant } : {}) }
}

const firstEmpty = (shapes: Shape[]): false | string => shapes.find((shape) => shape.empty)?.empty ?? false

/**
 * True when both sides of a binary operator are the same expression (spaces aside). The grammar reads
 * `a - a offset 1h` as `(a - a) offset 1h` where Prometheus reads `a - (a offset 1h)`, so an operator
 * under an offset is never taken for one with equal sides.
 */
function sameSides(node: SyntaxNode, sides: SyntaxNode[], expr: string): boolean {
  if (node.parent?.name === 'OffsetExpr') return false
  const squeeze = (side: SyntaxNode): string => text(side, expr).replace(/\s+/g, '')
  return squeeze(sides[0]!) === squeeze(sides[sides.length - 1]!)
}

/**
 * Why `left unless right` removes every series, when it surely does: the right side is the left side
 * itself, or `on()` matches every series against a vector that is always there (`vector(1)`).
 */
function removesAll(node: SyntaxNode, expr: string, sides: SyntaxNode[], right: Shape): false | string {
  if (sameSides(node, sides, expr)) return 'it removes every series it selects (the same expression on both sides of unless)'
  const matching = node.getChild('MatchingModifierClause')
  const onNothing = matching !== null && /^on\s*\(\s*\)$/i.test(text(matching, expr).trim())
  if (onNothing && !right.selects && !right.empty) return 'unless on() against a vector that is always there removes every series'
  return false
}

/**
 * The value an arithmetic expression has whatever its series hold: `x * 0` is 0, `x ^ 0` is 1, and
 * `x - x` is 0 (NaN for an infinite or missing value, which no comparison passes).
 */
function independentValue(op: string, node: SyntaxNode, expr: string, sides: SyntaxNode[], left: Shape, right: Shape): number | undefined {
  if (op === 'Mul' && (left.constant === 0 || right.constant === 0)) return 0
  if (op === 'Pow' && right.constant === 0) return 1
  if (node.getChild('MatchingModifierClause') === null && sameSides(node, sides, expr)) {
    if (op === 'Sub' || op === 'Mod') return 0
    if (op === 'Div') return 1
  }
  return undefined
}

/** Reads a selector's metric names and matchers; returns why it selects nothing when its matchers contradict each other. */
function readSelector(node: SyntaxNode, expr: string, reading: PromqlReading): string | undefined {
  const addMetric = (name: string): void => {
    if (!reading.metrics.includes(name)) reading.metrics.push(name)
  }
  const own: LabelMatcher[] = []
  const identifier = node.getChild('Identifier')
  if (identifier) {
    addMetric(text(identifier, expr))
    own.push({ name: '__name__', op: '=', value: text(identifier, expr) })
  }
  const matchers = node.getChild('LabelMatchers')
  for (let child = matchers?.firstChild; child; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') {
      // `{"metric.name"}`: a quoted name on its own is the metric name (Prometheus 3 UTF-8 names).
      addMetric(unquote(text(child, expr)))
      continue
    }
    if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') continue
    const nameNode = child.getChild('LabelName') ?? child.getChild('QuotedLabelName')
    const op = child.getChild('MatchOp')
    const value = child.getChild('StringLiteral')
    if (!nameNode || !op || !value) continue
    const name = nameNode.name === 'QuotedLabelName' ? unquote(text(nameNode, expr)) : text(nameNode, expr)
    const matcher = { name, op: text(op, expr), value: unquote(text(value, expr)) }
    own.push(matcher)
    if (name === '__name__' && matcher.op === '=') addMetric(matcher.value)
    else reading.matchers.push(matcher)
  }
  return contradiction(own)
}

/**
 * Two equality matchers on one label with different values (`{job="a", job="b"}`, or a metric name
 * and a different `__name__`), or an equality and an inequality on the same value, select no series.
 * Regular expressions are left alone: Prometheus' RE2 and JavaScript's engine differ.
 */
function contradiction(matchers: LabelMatcher[]): string | undefined {
  for (const [index, a] of matchers.entries()) {
    if (a.op !== '=') continue
    for (const b of matchers.slice(index + 1).concat(matchers.slice(0, index))) {
      if (b.name !== a.name) continue
      const quoted = (m: LabelMatcher): string => `${m.name}${m.op}"${m.value}"`
      if ((b.op === '=' && b.value !== a.value) || (b.op === '!=' && b.value === a.value))
        return `its selector asks for ${quoted(a)} and ${quoted(b)} at once, which no series has`
    }
  }
  return undefined
}

/**
 * The expression's single top-level comparison with a constant side (`… > 0.05`): the number, the side
 * of it the alert fires on, and the metric the other side carries unchanged in scale, when it does.
 * Comparisons bind tighter than and/or/unless, so the chain of set operators is followed down both sides.
 */
function topLevelComparison(top: SyntaxNode, expr: string): Pick<PromqlReading, 'threshold' | 'firesWhen' | 'compared'> {
  const comparisons: SyntaxNode[] = []
  const visit = (node: SyntaxNode): void => {
    if (WRAPPERS.has(node.name)) {
      const child = expressionChildren(node)[0]
      if (child) visit(child)
      return
    }
    if (node.name !== 'BinaryExpr') return
    const op = operatorOf(node)!.name
    if (SET_OPERATORS.has(op)) for (const side of expressionChildren(node)) visit(side)
    else if (COMPARISONS.has(op)) comparisons.push(node)
  }
  visit(top)
  if (comparisons.length !== 1) return {}
  const comparison = comparisons[0]!
  const sides = expressionChildren(comparison)
  const [left, right] = [sides[0]!, sides[sides.length - 1]!]
  for (const [constant, other, onRight] of [
    [right, left, true],
    [left, right, false]
  ] as const) {
    const value = constantOf(constant, expr)
    if (value === undefined || !Number.isFinite(value)) continue
    const op = operatorOf(comparison)!.name
    // `x > 0.2` fires above, and so does `0.2 < x`.
    const above = op === 'Gtr' || op === 'Gte' ? onRight : op === 'Lss' || op === 'Lte' ? !onRight : undefined
    const compared = scalePreservedMetric(other, expr)
    return {
      threshold: value,
      ...(above !== undefined && comparison.getChild('BoolModifier') === null ? { firesWhen: above ? 'above' : 'below' } : {}),
      ...(compared !== undefined ? { compared } : {})
    }
  }
  return {}
}

/** Aggregations and functions over time whose value is one of the values they read (or their mean). */
const SCALE_PRESERVING_AGGREGATIONS = new Set(['max', 'min', 'avg', 'quantile', 'topk', 'bottomk'])
const SCALE_PRESERVING_FUNCTIONS = new Set(['max_over_time', 'min_over_time', 'avg_over_time', 'last_over_time', 'quantile_over_time'])

/**
 * The metric an expression reads without changing its scale (`x`, `max(x) by (f)`,
 * `avg_over_time(x[1h])`), so that a threshold on it is a threshold on the metric; undefined for
 * anything that computes (`rate(x[5m])`, `x * 100`, `sum(x)`).
 */
function scalePreservedMetric(node: SyntaxNode, expr: string): string | undefined {
  if (WRAPPERS.has(node.name) || node.name === 'MatrixSelector' || node.name === 'SubqueryExpr') {
    const child = expressionChildren(node)[0]
    return child ? scalePreservedMetric(child, expr) : undefined
  }
  if (node.name === 'VectorSelector') {
    const reading: PromqlReading = { ok: true, metrics: [], matchers: [] }
    readSelector(node, expr, reading)
    return reading.metrics.length === 1 ? reading.metrics[0] : undefined
  }
  const args = expressionChildren(node.getChild('FunctionCallBody') ?? node)
  const last = args[args.length - 1]
  if (!last) return undefined
  if (node.name === 'AggregateExpr') {
    const op = node.getChild('AggregateOp')
    return op && SCALE_PRESERVING_AGGREGATIONS.has(text(op, expr).toLowerCase()) ? scalePreservedMetric(last, expr) : undefined
  }
  if (node.name === 'FunctionCall') {
    const name = text(node.getChild('FunctionIdentifier')!, expr).toLowerCase()
    return SCALE_PRESERVING_FUNCTIONS.has(name) ? scalePreservedMetric(last, expr) : undefined
  }
  return undefined
}

/** The value of a constant scalar expression (`0.05`, `(0.5)`, `5 * 60`), else undefined. */
function constantOf(node: SyntaxNode, expr: string): number | undefined {
  const shape = shapeOf(node, expr, { ok: true, metrics: [], matchers: [] }, new Set())
  return shape.type === 'scalar' && !shape.selects ? shape.constant : undefined
}
