// The syntax tree of a PromQL expression in its common shapes, built by hand exactly as the
// Prometheus grammar (@prometheus-io/lezer-promql) builds it: node for node, the same names and the
// same spans. Most alert expressions are metrics, label matchers, ranges, function calls,
// aggregations and binary operators; reading those does not need the grammar, whose code and parse
// tables cost a one-system `check` more than reading its rules (docs/performance.md). Anything else
// (unary minus, offset, @, subqueries, bool, on/ignoring, comments, escapes in strings, a keyword
// where a name would be, a syntax error) returns undefined and is read by the grammar, which stays
// the reference: __tests__/evidence/parsing/promql-common.test.ts holds both to the same tree.

/** The part of a syntax node that the PromQL reader uses; the grammar's nodes have it too. */
export interface PromqlNode {
  readonly name: string
  readonly from: number
  readonly to: number
  readonly parent: PromqlNode | null
  readonly firstChild: PromqlNode | null
  readonly nextSibling: PromqlNode | null
  getChild(name: string): PromqlNode | null
}

class Node implements PromqlNode {
  parent: Node | null = null
  firstChild: Node | null = null
  nextSibling: Node | null = null
  constructor(
    readonly name: string,
    readonly from: number,
    readonly to: number,
    children: Node[] = []
  ) {
    let previous: Node | null = null
    for (const child of children) {
      child.parent = this
      if (previous) previous.nextSibling = child
      else this.firstChild = child
      previous = child
    }
  }
  getChild(name: string): Node | null {
    for (let child = this.firstChild; child; child = child.nextSibling) if (child.name === name) return child
    return null
  }
}

/** The grammar's node name for a word: `avg_over_time` → `AvgOverTime`. */
const nodeName = (word: string): string => word.replace(/(?:^|_)([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())

/** Functions read here (lower case only, as Prometheus writes them); the test checks each name's node against the grammar. */
export const COMMON_FUNCTIONS: ReadonlySet<string> = new Set(
  (
    'abs absent absent_over_time avg_over_time ceil changes clamp clamp_max clamp_min count_over_time day_of_month day_of_week ' +
    'days_in_month delta deriv exp floor histogram_avg histogram_count histogram_fraction histogram_quantile histogram_sum hour ' +
    'idelta increase irate label_join label_replace last_over_time ln log10 log2 max_over_time min_over_time minute month ' +
    'predict_linear present_over_time quantile_over_time rate resets round scalar sgn sort sort_desc sqrt stddev_over_time ' +
    'stdvar_over_time sum_over_time time timestamp vector year'
  ).split(' ')
)
export const COMMON_AGGREGATIONS: ReadonlySet<string> = new Set('avg bottomk count count_values group max min quantile stddev stdvar sum topk'.split(' '))
/**
 * Words the grammar reads as something other than a metric name in some place; such a word as a
 * metric name is left to the grammar. Label names may be any word (the grammar reads them as names).
 */
const KEYWORDS = new Set(
  (
    'and or unless atan2 by without on ignoring group_left group_right bool offset inf nan start end step range smoothed anchored ' +
    'fill fill_left fill_right limitk limit_ratio info'
  ).split(' ')
)

/** Binary operators by precedence, loosest first, as the grammar groups them. */
const LEVELS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { or: 'Or' },
  { and: 'And', unless: 'Unless' },
  { '==': 'Eql', '!=': 'Neq', '>=': 'Gte', '<=': 'Lte', '>': 'Gtr', '<': 'Lss' },
  { '+': 'Add', '-': 'Sub' },
  { '*': 'Mul', '/': 'Div', '%': 'Mod', atan2: 'Atan2' },
  { '^': 'Pow' }
]
const POWER = LEVELS.length - 1
const MATCH_OPS: Readonly<Record<string, string>> = { '=~': 'EqlRegex', '!~': 'NeqRegex', '!=': 'Neq', '=': 'EqlSingle' }

const WORD = /[a-zA-Z_:][a-zA-Z0-9_:]*/y
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![a-zA-Z0-9_:.])/y
const DURATION = /(?:[0-9]+(?:ms|s|m|h|d|w|y))+(?![a-zA-Z0-9_:.])/y
const STRING = /"[^"\\\n]*"|'[^'\\\n]*'/y
const SPACE = /[ \t\r\n]*/y
const SYMBOL_OPERATOR = /==|!=|>=|<=|[><+\-*/%^]/y
const WORD_OPERATOR = /(?:and|or|unless|atan2)(?![a-zA-Z0-9_:])/y

/** Thrown where the expression leaves the common shapes; caught by commonPromqlTree. */
class NotCommon extends Error {}

class Reader {
  private at = 0
  constructor(private readonly expr: string) {}

  read(): Node {
    this.space()
    const expression = this.binary(0)
    this.space()
    if (this.at !== this.expr.length) throw new NotCommon()
    return new Node('PromQL', 0, this.expr.length, [expression])
  }

  private space(): void {
    SPACE.lastIndex = this.at
    SPACE.test(this.expr)
    this.at = SPACE.lastIndex
  }

  /** The text of `pattern` at the current position (after spaces), consumed, or undefined. */
  private take(pattern: RegExp): { text: string; from: number } | undefined {
    this.space()
    pattern.lastIndex = this.at
    const match = pattern.exec(this.expr)
    if (!match) return undefined
    const from = this.at
    this.at = pattern.lastIndex
    return { text: match[0], from }
  }

  private takeChar(char: string): number | undefined {
    this.space()
    if (this.expr[this.at] !== char) return undefined
    return this.at++
  }

  private expect(char: string): number {
    const at = this.takeChar(char)
    if (at === undefined) throw new NotCommon()
    return at
  }

  private binary(level: number): Node {
    if (level > POWER) return this.operand()
    let left = this.binary(level + 1)
    for (;;) {
      const start = this.at
      const operator = this.take(SYMBOL_OPERATOR) ?? this.take(WORD_OPERATOR)
      const name = operator && LEVELS[level]![operator.text]
      if (!operator || !name) {
        this.at = start
        return left
      }
      // `^` groups to the right: a ^ b ^ c is a ^ (b ^ c).
      const right = this.binary(level === POWER ? POWER : level + 1)
      // The grammar reads `a > b[5m]` as `(a > b)[5m]`: a range beside an operator is left to it.
      if (left.name === 'MatrixSelector' || right.name === 'MatrixSelector') throw new NotCommon()
      left = new Node('BinaryExpr', left.from, right.to, [left, new Node(name, operator.from, operator.from + operator.text.length), right])
    }
  }

  private operand(): Node {
    const number = this.take(NUMBER)
    if (number) return new Node('NumberDurationLiteral', number.from, number.from + number.text.length)
    const string = this.take(STRING)
    if (string) return new Node('StringLiteral', string.from, string.from + string.text.length)
    const open = this.takeChar('(')
    if (open !== undefined) {
      const inner = this.binary(0)
      const close = this.expect(')')
      return new Node('ParenExpr', open, close + 1, [inner])
    }
    const word = this.take(WORD)
    this.space()
    const next = this.expr[this.at]
    if (word && (next === '(' || ((next === 'b' || next === 'w') && COMMON_AGGREGATIONS.has(word.text)))) return this.call(word.text, word.from)
    if (word && KEYWORDS.has(word.text.toLowerCase())) throw new NotCommon()
    if (word && (COMMON_FUNCTIONS.has(word.text.toLowerCase()) || COMMON_AGGREGATIONS.has(word.text.toLowerCase()))) throw new NotCommon()
    if (!word && next !== '{') throw new NotCommon()
    const selector = this.selector(word)
    const bracket = this.takeChar('[')
    if (bracket === undefined) return selector
    const duration = this.take(DURATION)
    if (!duration) throw new NotCommon()
    const close = this.expect(']')
    const end = duration.from + duration.text.length
    return new Node('MatrixSelector', selector.from, close + 1, [
      selector,
      new Node('DurationExpr', duration.from, end, [new Node('NumberDurationLiteralInDurationContext', duration.from, end)])
    ])
  }

  private selector(word: { text: string; from: number } | undefined): Node {
    const children: Node[] = []
    if (word) children.push(new Node('Identifier', word.from, word.from + word.text.length))
    const open = this.takeChar('{')
    if (open === undefined) return new Node('VectorSelector', word!.from, word!.from + word!.text.length, children)
    const matchers: Node[] = []
    while (this.takeChar('}') === undefined) {
      if (matchers.length > 0) this.expect(',')
      // A trailing comma: `{a="b",}`.
      if (matchers.length > 0 && this.takeChar('}') !== undefined) break
      matchers.push(this.matcher())
    }
    const labelMatchers = new Node('LabelMatchers', open, this.at, matchers)
    children.push(labelMatchers)
    return new Node('VectorSelector', word ? word.from : open, this.at, children)
  }

  private matcher(): Node {
    const label = this.take(LABEL)
    if (!label) throw new NotCommon()
    this.space()
    const op = ['=~', '!~', '!=', '='].find((candidate) => this.expr.startsWith(candidate, this.at))
    if (!op) throw new NotCommon()
    const opFrom = this.at
    this.at += op.length
    const value = this.take(STRING)
    if (!value) throw new NotCommon()
    const labelEnd = label.from + label.text.length
    return new Node('UnquotedLabelMatcher', label.from, value.from + value.text.length, [
      new Node('LabelName', label.from, labelEnd),
      new Node('MatchOp', opFrom, opFrom + op.length, [new Node(MATCH_OPS[op]!, opFrom, opFrom + op.length)]),
      new Node('StringLiteral', value.from, value.from + value.text.length)
    ])
  }

  /** A function call or an aggregation, its name already read. */
  private call(name: string, from: number): Node {
    const nameEnd = from + name.length
    if (COMMON_FUNCTIONS.has(name)) {
      const body = this.body(true)
      return new Node('FunctionCall', from, body.to, [new Node('FunctionIdentifier', from, nameEnd, [new Node(nodeName(name), from, nameEnd)]), body])
    }
    if (!COMMON_AGGREGATIONS.has(name)) throw new NotCommon()
    const op = new Node('AggregateOp', from, nameEnd, [new Node(nodeName(name), from, nameEnd)])
    const before = this.modifier()
    const body = this.body(false)
    const after = before ? undefined : this.modifier()
    const children = before ? [op, before, body] : after ? [op, body, after] : [op, body]
    return new Node('AggregateExpr', from, children[children.length - 1]!.to, children)
  }

  /** `(arg, ...)`; a function may take none (`time()`), an aggregation takes at least one. */
  private body(emptyAllowed: boolean): Node {
    const open = this.expect('(')
    const args: Node[] = []
    let close = this.takeChar(')')
    if (close === undefined) {
      args.push(this.binary(0))
      while (this.takeChar(',') !== undefined) args.push(this.binary(0))
      close = this.expect(')')
    } else if (!emptyAllowed) throw new NotCommon()
    return new Node('FunctionCallBody', open, close + 1, args)
  }

  /** `by (a, b)` or `without (a)` after an aggregation's name or body, if there. */
  private modifier(): Node | undefined {
    const start = this.at
    const word = this.take(WORD)
    if (!word || (word.text !== 'by' && word.text !== 'without')) {
      this.at = start
      return undefined
    }
    const open = this.expect('(')
    const labels: Node[] = []
    while (this.takeChar(')') === undefined) {
      if (labels.length > 0) this.expect(',')
      if (labels.length > 0 && this.takeChar(')') !== undefined) break
      const label = this.take(LABEL)
      if (!label) throw new NotCommon()
      labels.push(new Node('LabelName', label.from, label.from + label.text.length))
    }
    const end = this.at
    return new Node('AggregateModifier', word.from, end, [
      new Node(nodeName(word.text), word.from, word.from + word.text.length),
      new Node('GroupingLabels', open, end, labels)
    ])
  }
}

/**
 * The grammar's syntax tree of `expr` when it has only the common shapes, else undefined (then the
 * grammar reads it: a syntax error, too, is left to the grammar, which says where it is).
 */
export function commonPromqlTree(expr: string): PromqlNode | undefined {
  try {
    return new Reader(expr).read()
  } catch (error) {
    if (error instanceof NotCommon) return undefined
    throw error
  }
}
