// JUnit XML → TestReportEvidence, streamed with saxes (bounded memory, any file size).
// Reads jest-junit, pytest (xunit1/xunit2), Maven Surefire (with flaky reruns), JUnit 4/5 and
// the usual variants: a <testsuites> or bare <testsuite> root, suites nested in suites.
// Counts come from the <testcase> elements; the tests/failures attributes are never trusted.
// saxes never expands DTD entities and never fetches external ones; a DOCTYPE that declares
// entities (billion laughs, XXE) is refused outright.
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { loneCarriageReturnsAsSpaces } from '../parsing/xml-lines.js'
import type { EvidenceParser, EvidenceSource, ParseFailure, ParseResult, TestCase, TestCaseStatus, TestReportEvidence } from '../types.js'
import { failure, lineAt } from '../parsing/failure.js'

const ROOTS = new Set(['testsuites', 'testsuite'])
const OUTCOMES = new Set(['failure', 'error', 'skipped'])
/** Surefire's rerun records: the test failed at least once; the case's own outcome decides its status. */
const RERUNS = new Set(['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError'])
const MODEL_VERSION_PROPERTY = /^model[-_. ]?version$/i
const MESSAGE_TEXT_LIMIT = 4096
const MESSAGE_LIMIT = 500
const LISTED_FLAKY = 10

export const junitParser: EvidenceParser<TestReportEvidence> = {
  format: 'junit-xml',
  kind: 'test-report',
  description: 'JUnit XML test report (jest-junit, pytest, Maven Surefire, JUnit 4/5 and compatible)',
  detect({ head }) {
    const root = rootElementName(head)
    return root !== undefined && ROOTS.has(root)
  },
  parse: parseJunit
}

export const junitParsers: EvidenceParser[] = [junitParser]

/** The name of the first element after the XML declaration, comments, processing instructions and DOCTYPE. */
export function rootElementName(text: string): string | undefined {
  let i = 0
  while (i < text.length) {
    const char = text[i]!
    if (char === '\uFEFF' || /\s/.test(char)) {
      i++
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2)
      if (end === -1) return undefined
      i = end + 2
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      if (end === -1) return undefined
      i = end + 3
    } else if (text.startsWith('<!DOCTYPE', i)) {
      const subset = text.indexOf('[', i)
      const close = text.indexOf('>', i)
      if (close === -1) return undefined
      if (subset !== -1 && subset < close) {
        const subsetEnd = text.indexOf(']', subset)
        if (subsetEnd === -1) return undefined
        const end = text.indexOf('>', subsetEnd)
        if (end === -1) return undefined
        i = end + 1
      } else i = close + 1
    } else if (char === '<') {
      return /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256))?.[1]
    } else {
      return undefined
    }
  }
  return undefined
}

interface Outcome {
  kind: string
  message?: string
  text: string
}

interface OpenCase {
  suite: string
  name: string
  classname?: string
  line: number
  depth: number
  outcomes: Outcome[]
  reruns: number
}

async function parseJunit(source: EvidenceSource): Promise<ParseResult<TestReportEvidence>> {
  const what = `"${source.relPath}"`
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true })
  let problem: ParseFailure | undefined
  const fail = (message: string, line?: number): void => {
    problem ??= failure(message, line)
  }

  let root: string | undefined
  let rootName: string | undefined
  let rootClaim: number | undefined
  let childSuitesClaim: number | undefined
  let surefire = false
  let tagLine = 1
  let earliest: { text: string; time: number } | undefined
  let modelVersion: { value: string; line: number } | undefined
  const elements: string[] = []
  const suites: string[] = []
  const suiteNames = new Set<string>()
  const cases: TestCase[] = []
  const flaky: string[] = []
  let open: OpenCase | undefined
  let outcome: Outcome | undefined

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      fail(`${what} declares XML entities in a DOCTYPE; the gate never expands them (they are how billion-laughs and external-file attacks work)`, parser.line)
    }
  })
  parser.on('opentagstart', () => {
    // saxes has consumed the character after the tag name; column 0 means it was a line break.
    tagLine = parser.column === 0 ? parser.line - 1 : parser.line
  })
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = tag.name
    const attributes = tag.attributes
    const depth = elements.length
    elements.push(name)
    if (root === undefined) {
      root = name
      if (!ROOTS.has(name)) {
        fail(`${what} is XML but not a JUnit report (root element <${name}>)`, tagLine)
        return
      }
      rootName = attributes.name
      rootClaim = count(attributes.tests)
      surefire = /surefire/i.test(attributes['xsi:noNamespaceSchemaLocation'] ?? '')
    }
    if (name === 'testsuite' || name === 'testsuites') {
      if (name === 'testsuite') {
        suites.push(attributes.name ?? '')
        if (attributes.name) suiteNames.add(attributes.name)
        if (depth === 1 && root === 'testsuites') {
          const claim = count(attributes.tests)
          if (claim !== undefined) childSuitesClaim = (childSuitesClaim ?? 0) + claim
        }
      }
      const stamp = attributes.timestamp
      const time = stamp ? Date.parse(stamp) : NaN
      if (stamp && !Number.isNaN(time) && (!earliest || time < earliest.time)) earliest = { text: stamp, time }
    } else if (name === 'testcase' && !open) {
      open = {
        suite: suites[suites.length - 1] ?? '',
        name: attributes.name ?? '',
        ...(attributes.classname !== undefined ? { classname: attributes.classname } : {}),
        line: tagLine,
        depth,
        outcomes: [],
        reruns: 0
      }
    } else if (open && depth === open.depth + 1 && (OUTCOMES.has(name) || RERUNS.has(name))) {
      if (RERUNS.has(name)) {
        open.reruns++
        surefire = true
      } else outcome = { kind: name, ...(attributes.message !== undefined ? { message: attributes.message } : {}), text: '' }
    } else if (name === 'property' && !modelVersion && MODEL_VERSION_PROPERTY.test(attributes.name ?? '') && attributes.value) {
      modelVersion = { value: attributes.value.trim(), line: tagLine }
    }
  })
  const collectText = (text: string): void => {
    if (outcome && outcome.text.length < MESSAGE_TEXT_LIMIT) outcome.text += text.slice(0, MESSAGE_TEXT_LIMIT - outcome.text.length)
  }
  parser.on('text', collectText)
  parser.on('cdata', collectText)
  parser.on('closetag', (tag) => {
    elements.pop()
    const name = tag.name
    if (name === 'testsuite') suites.pop()
    else if (outcome && open && name === outcome.kind && elements.length === open.depth + 1) {
      open.outcomes.push(outcome)
      outcome = undefined
    } else if (name === 'testcase' && open && elements.length === open.depth) {
      const testCase = finishCase(open)
      cases.push(testCase)
      if (testCase.status === 'passed' && open.reruns > 0) flaky.push(testCase.classname ? `${testCase.classname}.${testCase.name}` : testCase.name)
      open = undefined
    }
  })
  parser.on('error', (error) => {
    const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '').replace(/\.$/, '')
    fail(`${what} is not well-formed XML: ${message}`, parser.line)
    // saxes reports every bad character of a chunk (a megabyte of them takes seconds): stop at the first.
    throw error
  })

  const readFailure = await feed(source, parser, () => problem !== undefined)
  if (problem) return problem
  if (readFailure) return readFailure
  if (root === undefined) return failure(`${what} is not XML: it has no root element`, 1)

  const tally: Record<TestCaseStatus, number> = { passed: 0, failed: 0, error: 0, skipped: 0 }
  for (const testCase of cases) tally[testCase.status]++
  const notes: string[] = []
  const claim = rootClaim ?? childSuitesClaim
  if (claim !== undefined && claim !== cases.length) {
    notes.push(
      `the report's attributes claim ${claim} test${claim === 1 ? '' : 's'}, but it holds ${cases.length} <testcase> element${cases.length === 1 ? '' : 's'}; counts are taken from the test cases`
    )
  } else if (cases.length === 0) notes.push('the report contains no test cases')
  if (flaky.length > 0) {
    const listed = flaky.slice(0, LISTED_FLAKY).join(', ')
    const more = flaky.length > LISTED_FLAKY ? ` and ${flaky.length - LISTED_FLAKY} more` : ''
    notes.push(`${flaky.length} flaky test${flaky.length === 1 ? '' : 's'} failed and then passed on rerun (counted as passed): ${listed}${more}`)
  }
  const tool = rootName === 'jest tests' ? 'jest' : suiteNames.has('pytest') || rootName === 'pytest tests' ? 'pytest' : surefire ? 'maven-surefire' : undefined
  const evidence: TestReportEvidence = {
    kind: 'test-report',
    format: 'junit-xml',
    ...(tool ? { tool } : {}),
    ...(earliest ? { timestamp: earliest.text } : {}),
    ...(modelVersion ? { modelVersion: modelVersion.value, modelVersionLine: modelVersion.line } : {}),
    tests: cases.length,
    passed: tally.passed,
    failed: tally.failed,
    errors: tally.error,
    skipped: tally.skipped,
    cases,
    ...(notes.length ? { notes } : {})
  }
  return { ok: true, evidence }
}

function finishCase(open: OpenCase): TestCase {
  // A case with several outcome elements takes the worst: error, then failure, then skipped.
  const deciding = ['error', 'failure', 'skipped'].map((kind) => open.outcomes.find((o) => o.kind === kind)).find((o) => o !== undefined)
  const status: TestCaseStatus = !deciding ? 'passed' : deciding.kind === 'error' ? 'error' : deciding.kind === 'failure' ? 'failed' : 'skipped'
  const message = deciding && deciding.kind !== 'skipped' ? (firstLine(deciding.message) ?? firstLine(deciding.text)) : undefined
  return {
    suite: open.suite,
    name: open.name,
    ...(open.classname !== undefined ? { classname: open.classname } : {}),
    status,
    line: open.line,
    ...(message !== undefined ? { message } : {})
  }
}

function firstLine(text: string | undefined): string | undefined {
  const line = text
    ?.split(/\r?\n/)
    .map((part) => part.trim())
    .find((part) => part !== '')
  return line === undefined ? undefined : line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT)}…` : line
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined
  return Number(value)
}

/** Streams the (decompressed) file into the parser, decoding UTF-8 or BOM-marked UTF-16. Stops early once `stop()` says so. */
async function feed(source: EvidenceSource, parser: SaxesParser<{ xmlns: false; position: true }>, stop: () => boolean): Promise<ParseFailure | undefined> {
  const head = source.head
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8'
  const start = /[^\s\uFEFF]/.exec(new TextDecoder(encoding).decode(head.subarray(0, 4096)))
  if (start && start[0] !== '<') {
    return failure(`"${source.relPath}" is not XML: it does not start with "<"`, lineAt(new TextDecoder(encoding).decode(head.subarray(0, 4096)), start.index))
  }
  const decoder = new TextDecoder(encoding, { fatal: true })
  const lineFeedsOnly = loneCarriageReturnsAsSpaces()
  // chunks(), not stream(): a report the head holds is one chunk and makes no stream (src/fs/builtins.ts).
  // Leaving the loop early closes the file. The chunk is used before the next is asked for.
  let chunk: Buffer | undefined
  try {
    for await (chunk of source.chunks()) {
      parser.write(lineFeedsOnly(decoder.decode(chunk, { stream: true })))
      if (stop()) return undefined
    }
    chunk = undefined
    parser.write(lineFeedsOnly(decoder.decode(), true))
    if (!stop()) parser.close()
    return undefined
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      // Locate the first undecodable byte: the lenient decoding marks it with U+FFFD.
      const lenient = chunk ? new TextDecoder(encoding).decode(chunk) : ''
      const bad = lenient.indexOf('\uFFFD')
      return failure(`"${source.relPath}" is not valid ${encoding.toUpperCase()} text`, parser.line - 1 + lineAt(lenient, bad === -1 ? 0 : bad))
    }
    // A ReadProblem (a gzip bomb refused by the stream) is already a sentence about the file.
    if ((error as Error).name === 'ReadProblem') return failure((error as Error).message)
    return failure(`"${source.relPath}" could not be read: ${(error as Error).message}`)
  }
}
