import { describe, expect, it } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { DEFAULT_LIMITS } from '../../../src/fs/safe-read.js'
import { junitParser, junitParsers, rootElementName } from '../../../src/evidence/parsers/junit.js'
import type { ParseResult, TestReportEvidence } from '../../../src/evidence/types.js'
import { describeSamples, expectOwnFilesClaimed, FIXTURES, openFile, parseFile, parseText, SAMPLES, writeScratch } from './evidence-files.js'

type Result = ParseResult<TestReportEvidence>

async function report(root: string, relPath: string): Promise<TestReportEvidence> {
  const result = await parseFile<Result>(junitParser, root, relPath)
  if (!result.ok) throw new Error(`${relPath}: ${result.message}`)
  return result.evidence
}

describeSamples('JUnit samples written by real tools', () => {
  // Counted by hand from each file's <testcase> elements (the attributes are not trusted).
  it.each([
    ['dorny.empty_jest-junit-empty-testsuite.xml', 0, 0, 0, 0, 0],
    ['dorny.external_java_junit4-complete.xml', 8, 5, 1, 1, 1],
    ['dorny.jest-junit.xml', 6, 1, 4, 0, 1],
    ['dorny.python-xunit-pytest.xml', 10, 6, 2, 0, 2],
    ['enricomi.jest_jest-junit.xml', 2, 2, 0, 0, 0],
    ['enricomi.junit.multiresult.xml', 4, 1, 1, 1, 1],
    ['enricomi.minimal-attributes.xml', 4, 1, 1, 1, 1],
    ['enricomi.no-cases-but-tests.xml', 0, 0, 0, 0, 0],
    ['enricomi.pytest_junit.fail.xml', 5, 3, 1, 0, 1],
    ['enricomi.testsuite-in-testsuite.xml', 5, 5, 0, 0, 0],
    ['enricomi.testsuite-root.xml', 5, 5, 0, 0, 0],
    ['enricomi.unsupported-unicode.xml', 7, 1, 2, 2, 2],
    ['enricomi.with-xml-entities.xml', 4, 0, 1, 1, 2],
    ['jenkins-perf.TEST-JUnitResults-noTimeAttribute.xml', 4, 4, 0, 0, 0],
    ['mikepenz.python-report.xml', 3, 1, 2, 0, 0],
    ['mikepenz.surefire-flakyFailure.xml', 1, 1, 0, 0, 0],
    ['mikepenz.surefire.TEST-CalcUtilsTest.xml', 2, 0, 2, 0, 0],
    ['testkube.both-error-and-failure.xml', 8, 6, 0, 2, 0],
    ['testkube.counts-without-testcases.xml', 1, 1, 0, 0, 0]
  ])('%s: %i tests, %i passed, %i failed, %i errors, %i skipped', async (name, tests, passed, failed, errors, skipped) => {
    const evidence = await report(SAMPLES, `junit/${name}`)
    expect({ tests: evidence.tests, passed: evidence.passed, failed: evidence.failed, errors: evidence.errors, skipped: evidence.skipped }).toEqual({
      tests,
      passed,
      failed,
      errors,
      skipped
    })
    expect(evidence.cases).toHaveLength(tests)
    expect(evidence).toMatchObject({ kind: 'test-report', format: 'junit-xml' })
  })

  it('reads suite, name, classname, status, line and the first line of the failure message', async () => {
    const evidence = await report(SAMPLES, 'junit/dorny.jest-junit.xml')
    expect(evidence.cases[0]).toEqual({ suite: '__tests__\\main.test.js', name: 'Passing test', classname: 'Test 1', status: 'passed', line: 4 })
    expect(evidence.cases[1]).toEqual({
      suite: '__tests__\\main.test.js',
      name: 'Failing test',
      classname: 'Test 1 › Test 1.1',
      status: 'failed',
      line: 6,
      message: 'Error: expect(received).toBeTruthy()'
    })
    expect(evidence.cases[5]).toEqual({ suite: '__tests__\\second.test.js', name: 'Skipped test', classname: '', status: 'skipped', line: 57 })
    expect(evidence).toMatchObject({ tool: 'jest', timestamp: '2020-10-27T21:39:41' })
    expect(evidence.notes).toBeUndefined()
  })

  it('takes the message attribute over the element text, skipping blank leading lines', async () => {
    const evidence = await report(SAMPLES, 'junit/mikepenz.surefire.TEST-CalcUtilsTest.xml')
    expect(evidence.cases.map((c) => [c.name, c.line, c.message])).toEqual([
      ['test error handling', 3, 'unexpected exception type thrown; expected:<java.lang.IllegalStateException> but was:<java.lang.IllegalArgumentException>'],
      ['test scale', 12, 'Expected: <100.10>']
    ])
    expect(evidence.tool).toBe('maven-surefire')
  })

  it('reads pytest messages with numeric character references', async () => {
    const evidence = await report(SAMPLES, 'junit/mikepenz.python-report.xml')
    expect(evidence.cases.map((c) => [c.name, c.status, c.line, c.message])).toEqual([
      ['test_which_succeeds', 'passed', 1, undefined],
      ['test_which_fails', 'failed', 1, "AssertionError: assert 'test' == 'xyz'"],
      ['test_with_error', 'failed', 8, "AttributeError: 'dict' object has no attribute 'attr'"]
    ])
    expect(evidence).toMatchObject({ tool: 'pytest', timestamp: '2020-10-12T18:46:11.226119' })
  })

  it('gives a case with both a failure and an error the error status and the error message', async () => {
    const evidence = await report(SAMPLES, 'junit/testkube.both-error-and-failure.xml')
    expect(evidence.cases[6]).toEqual({
      suite: 'BBB',
      name: 'Example Name 1',
      classname: 'exampleClassname',
      status: 'error',
      line: 17,
      message:
        'element click intercepted: Elementis not clickable at point (192, 687). Other element would receive the click (Session info: chrome=110.0.5481.100)'
    })
    // The earliest suite timestamp dates the run.
    expect(evidence.timestamp).toBe('2025-02-05T12:53:02')
  })

  it('takes the worst of several outcome elements: error, then failure, then skipped', async () => {
    const evidence = await report(SAMPLES, 'junit/enricomi.junit.multiresult.xml')
    expect(evidence.cases.map((c) => [c.name, c.status, c.message])).toEqual([
      ['test that errors', 'error', 'test teardown failure'],
      ['test that fails', 'failed', 'test failure'],
      ['test that is skipped', 'skipped', undefined],
      ['test that succeeds', 'passed', undefined]
    ])
  })

  it('names each case after its innermost suite in nested suites', async () => {
    for (const name of ['enricomi.testsuite-in-testsuite.xml', 'enricomi.testsuite-root.xml']) {
      const evidence = await report(SAMPLES, `junit/${name}`)
      expect(evidence.cases.map((c) => [c.name, c.suite])).toEqual([
        ['TestCase1', 'TestSuite1'],
        ['TestCase2', 'TestSuite1'],
        ['TestCase3', 'TestSuite2.1'],
        ['TestCase4', 'TestSuite2'],
        ['TestCase5', 'Project Test Suite']
      ])
      expect(evidence.notes).toBeUndefined()
    }
  })

  it('decodes predefined entities in names and messages', async () => {
    const evidence = await report(SAMPLES, 'junit/enricomi.with-xml-entities.xml')
    expect(evidence.cases.map((c) => [c.name, c.status, c.line, c.message])).toEqual([
      ['Test with "quotes" in the test name', 'skipped', 4, undefined],
      ["Test with 'apostrophe' in the test name", 'failed', 7, "A message with 'apostrophes'"],
      ['Test with & in the test name', 'error', 10, 'A message with &'],
      ['Test with < and > in the test name', 'skipped', 13, undefined]
    ])
    expect(evidence.cases[0]!.suite).toBe('')
  })

  it('keeps characters outside the Basic Multilingual Plane', async () => {
    const evidence = await report(SAMPLES, 'junit/enricomi.unsupported-unicode.xml')
    expect(evidence.cases[0]!.name).toBe('test 1 헴䜝헱홐㣇㿷䔭𒍺𡓿𠄉㦓')
    expect(evidence.cases[3]!.message).toBe('Some unsupported unicode characters: 헴䜝헱홐㣇㿷䔭𒍺𡓿𠄉㦓')
  })

  it('counts a Surefire flakyFailure as passed and names the flaky test in a note', async () => {
    const evidence = await report(SAMPLES, 'junit/mikepenz.surefire-flakyFailure.xml')
    expect(evidence.cases[0]).toMatchObject({ name: 'createWebhook', status: 'passed' })
    expect(evidence.notes).toEqual([
      '1 flaky test failed and then passed on rerun (counted as passed): io.sodadata.dependson.soda.integrations.msteams.MicrosoftTeamsCrudTest.createWebhook'
    ])
  })

  it.each([
    ['enricomi.no-cases-but-tests.xml', "the report's attributes claim 6 tests, but it holds 0 <testcase> elements; counts are taken from the test cases"],
    [
      'testkube.counts-without-testcases.xml',
      "the report's attributes claim 24 tests, but it holds 1 <testcase> element; counts are taken from the test cases"
    ],
    [
      'jenkins-perf.TEST-JUnitResults-noTimeAttribute.xml',
      "the report's attributes claim 1 test, but it holds 4 <testcase> elements; counts are taken from the test cases"
    ],
    ['dorny.python-xunit-pytest.xml', "the report's attributes claim 15 tests, but it holds 10 <testcase> elements; counts are taken from the test cases"],
    ['dorny.empty_jest-junit-empty-testsuite.xml', 'the report contains no test cases']
  ])('%s: notes that the attributes disagree with the test cases', async (name, note) => {
    const evidence = await report(SAMPLES, `junit/${name}`)
    expect(evidence.notes).toEqual([note])
  })

  it('fails a truncated report at the line where it ends', async () => {
    const result = await parseFile<Result>(junitParser, SAMPLES, 'junit/enricomi.pytest_corrupt-xml.xml')
    expect(result).toEqual({ ok: false, message: '"junit/enricomi.pytest_corrupt-xml.xml" is not well-formed XML: unclosed tag: skipped', line: 11 })
  })

  it('numbers lines by line feeds only: a stray carriage return does not shift later lines', async () => {
    const result = await parseText<Result>(
      junitParser,
      'cr.xml',
      '<testsuite name="s">\r<testcase name="a"/>\r\n<testcase name="b">\r<failure message="x"/>\n</testsuite>\n'
    )
    expect(result).toMatchObject({ ok: false, line: 3 })
    expect(!result.ok && result.message).toMatch(/not well-formed XML/)
  })

  it('fails XML that is not a JUnit report, naming its root element', async () => {
    expect(await parseFile<Result>(junitParser, SAMPLES, 'junit/enricomi.non-junit.xml')).toEqual({
      ok: false,
      message: '"junit/enricomi.non-junit.xml" is XML but not a JUnit report (root element <suites>)',
      line: 2
    })
    expect(await parseFile<Result>(junitParser, SAMPLES, 'junit/jest-junit-repo.__tests__lib.junit.xsd')).toMatchObject({
      ok: false,
      message: '"junit/jest-junit-repo.__tests__lib.junit.xsd" is XML but not a JUnit report (root element <xs:schema>)'
    })
  })
})

describe('JUnit safety and edge cases', () => {
  it('refuses a billion-laughs DOCTYPE instead of expanding it', async () => {
    const result = await parseFile<Result>(junitParser, FIXTURES, 'junit/junit-xml.billion-laughs.xml')
    expect(result).toEqual({
      ok: false,
      message:
        '"junit/junit-xml.billion-laughs.xml" declares XML entities in a DOCTYPE; the gate never expands them (they are how billion-laughs and external-file attacks work)',
      line: 13
    })
  })

  it('never resolves an external entity', async () => {
    const result = await parseFile<Result>(junitParser, FIXTURES, 'junit/junit-xml.external-entity.xml')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(/declares XML entities in a DOCTYPE/)
    expect(JSON.stringify(result)).not.toMatch(/root:/)
  })

  it('fails on an entity XML does not predefine rather than guessing', async () => {
    const result = await parseFile<Result>(junitParser, FIXTURES, 'junit/junit-xml.undeclared-entity.xml')
    expect(result).toEqual({ ok: false, message: '"junit/junit-xml.undeclared-entity.xml" is not well-formed XML: undefined entity', line: 3 })
  })

  it('keeps rerun failures failed, flaky reruns passed, and the line of a start tag that spans lines', async () => {
    const result = await parseFile<Result>(junitParser, FIXTURES, 'junit/junit-xml.surefire-reruns.xml')
    expect(result).toEqual({
      ok: true,
      evidence: {
        kind: 'test-report',
        format: 'junit-xml',
        tool: 'maven-surefire',
        timestamp: '2026-10-30T09:15:00Z',
        modelVersion: '2.3.0',
        modelVersionLine: 6,
        tests: 4,
        passed: 3,
        failed: 1,
        errors: 0,
        skipped: 0,
        cases: [
          {
            suite: 'com.example.ScorerTest',
            name: 'alwaysFails',
            classname: 'com.example.ScorerTest',
            status: 'failed',
            line: 8,
            message: 'expected:<0.9> but was:<0.7>'
          },
          { suite: 'com.example.ScorerTest', name: 'timesOutOnce', classname: 'com.example.ScorerTest', status: 'passed', line: 13 },
          { suite: 'com.example.ScorerTest', name: 'racesOnce', classname: 'com.example.ScorerTest', status: 'passed', line: 16 },
          { suite: 'com.example.ScorerTest', name: 'passes', classname: 'com.example.ScorerTest', status: 'passed', line: 20 }
        ],
        notes: ['2 flaky tests failed and then passed on rerun (counted as passed): com.example.ScorerTest.timesOutOnce, com.example.ScorerTest.racesOnce']
      }
    })
  })

  it('reads UTF-16 with a byte order mark', async () => {
    const evidence = (await parseFile<Result>(junitParser, FIXTURES, 'junit/junit-xml.utf16le-bom.xml')) as { ok: true; evidence: TestReportEvidence }
    expect(evidence.evidence.cases).toEqual([{ suite: 'utf16', name: 'café', classname: 'enc', status: 'passed', line: 3 }])
  })

  it('reads a gzip-compressed report', async () => {
    const xml = '<testsuite name="z"><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>'
    const result = await parseText<Result>(junitParser, 'report.xml.gz', gzipSync(xml))
    expect(result).toMatchObject({ ok: true, evidence: { tests: 2, passed: 1, skipped: 1 } })
  })

  it("fails a gzip bomb with the reader's sentence, without inflating it", async () => {
    const dir = writeScratch('bomb.xml.gz', gzipSync(`<testsuite name="bomb">${'<testcase name="x"/>'.repeat(50_000)}</testsuite>`))
    const source = await openFile(dir, 'bomb.xml.gz', { ...DEFAULT_LIMITS, maxInflatedBytes: 256 * 1024 })
    expect(await junitParser.parse(source)).toEqual({ ok: false, message: '"bomb.xml.gz" inflates past 256.0 KiB; refusing a possible gzip bomb' })
  })

  it.each([
    ['empty.xml', '   \n', '"empty.xml" is not well-formed XML: document must contain a root element', 2],
    ['text.xml', '\n  tests: 5\n', '"text.xml" is not XML: it does not start with "<"', 2],
    ['mismatch.xml', '<testsuite>\n<testcase name="a">\n</testsuite>\n', '"mismatch.xml" is not well-formed XML: unexpected close tag', 3],
    [
      'latin1.xml',
      Buffer.from([...Buffer.from('<testsuite>\n<testcase name="'), 0xe9, ...Buffer.from('"/></testsuite>')]),
      '"latin1.xml" is not valid UTF-8 text',
      2
    ]
  ])('fails %s with a sentence and a line', async (name, content, message, line) => {
    expect(await parseText<Result>(junitParser, name, content)).toEqual({ ok: false, message, line })
  })

  it('streams a large report in bounded memory and counts every case', async () => {
    const cases = 200_000
    const body = Array.from({ length: cases }, (_, i) =>
      i % 1000 === 0 ? `<testcase name="t${i}"><failure message="boom ${i}"/></testcase>` : `<testcase name="t${i}"/>`
    ).join('\n')
    const result = await parseText<Result>(junitParser, 'big.xml', `<testsuite name="big">\n${body}\n</testsuite>\n`)
    expect(result).toMatchObject({ ok: true, evidence: { tests: cases, passed: cases - 200, failed: 200 } })
    expect(result.ok && result.evidence.cases[1000]).toEqual({ suite: 'big', name: 't1000', status: 'failed', line: 1002, message: 'boom 1000' })
  })
})

describe('JUnit detection', () => {
  it('finds the root element after the prolog, comments and a DOCTYPE', () => {
    expect(rootElementName('\uFEFF<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE x [<!ENTITY a "b">]>\n<testsuites>')).toBe('testsuites')
    expect(rootElementName('<?xml version="1.0"?><testResults version="1.2">')).toBe('testResults')
    expect(rootElementName('{"testsuites": []}')).toBeUndefined()
    expect(rootElementName('<!-- never closed')).toBeUndefined()
  })

  it('claims exactly the JUnit samples and fixtures, and no other format’s files', () => {
    expect(junitParsers.map((parser) => parser.format)).toEqual(['junit-xml'])
    expectOwnFilesClaimed(junitParsers)
  })
})
