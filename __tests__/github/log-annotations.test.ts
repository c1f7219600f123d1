import { describe, expect, it, jest } from '@jest/globals'
import type { AnnotationProperties } from '@actions/core'
import { emitLogAnnotations, type CommandSink } from '../../src/github/log-annotations.js'
import { finding, manyFindingsReport, report, sampleReport, system } from '../support/report-fixtures.js'

interface Sent {
  level: 'error' | 'warning' | 'info'
  message: string
  properties?: AnnotationProperties
}

function recordingSink(): { sink: CommandSink; sent: Sent[] } {
  const sent: Sent[] = []
  return {
    sent,
    sink: {
      error: (message, properties) => sent.push({ level: 'error', message, properties }),
      warning: (message, properties) => sent.push({ level: 'warning', message, properties }),
      info: (message) => sent.push({ level: 'info', message })
    }
  }
}

const everyLine = { isRepoLine: () => true, rootPrefix: '' }

describe('emitLogAnnotations', () => {
  it('sends failures as errors with file and line, and no annotation for passing or waived findings', () => {
    const { sink, sent } = recordingSink()
    const count = emitLogAnnotations(sampleReport(), everyLine, sink)
    expect(count).toEqual({ errors: 5, warnings: 0, omitted: 0 })
    expect(sent).toHaveLength(5)
    expect(sent[0]).toEqual({
      level: 'error',
      message: 'p95 1240 ms > SLO 800 ms at 40 rps\nHow to fix: Re-run the load test at peak volume and fix latency until p95 ≤ 800 ms.',
      properties: { title: 'invoice-extractor: load.production-volume', file: 'ai/invoice-extractor/perf/k6-summary.json', startLine: 12, endLine: 12 }
    })
    expect(sent[1]!.message).toBe(
      // A failing claim says why it does not count; it carries no "(unverified)" mark.
      'legal sign-off by @erin is not approved on this PR\nHow to fix: Ask @erin to approve the pull request at its current head commit.'
    )
  })

  it('sends at most 10 errors and 10 warnings, the most important first, and says how many more there are', () => {
    const many = manyFindingsReport(25)
    many.notices = Array.from({ length: 12 }, (_, index) => finding('policy.changed', 'pass', `notice ${index}`, '.github/readiness-policy.yml', 1))
    const { sink, sent } = recordingSink()
    const count = emitLogAnnotations(many, everyLine, sink)
    expect(count).toEqual({ errors: 10, warnings: 10, omitted: 17 })
    expect(sent.filter((entry) => entry.level === 'error').map((entry) => entry.properties?.title)).toEqual(
      Array.from({ length: 10 }, (_, index) => `big-system: evidence.check-${index}`)
    )
    expect(sent.at(-1)).toEqual({
      level: 'info',
      message: 'readiness-gate: 17 more findings are listed in the job summary (GitHub shows at most 10 error and 10 warning annotations per step).'
    })
  })

  it('annotates the related place when the finding’s own file is not in the repository, and the job otherwise', () => {
    const { sink, sent } = recordingSink()
    const located = report([
      system('s', 'staging', [
        finding('load.production-volume', 'fail', 'load test file is missing', 'perf/missing.json', 1, { related: { file: 'readiness.yml', line: 9 } }),
        finding('drift.detection', 'fail', 'no drift config', 'gone.yml', 1)
      ])
    ])
    emitLogAnnotations(located, { isRepoLine: (file) => file === 'readiness.yml', rootPrefix: 'services/ml' }, sink)
    expect(sent.map((entry) => entry.properties)).toEqual([
      { title: 's: load.production-volume', file: 'services/ml/readiness.yml', startLine: 9, endLine: 9 },
      { title: 's: drift.detection' }
    ])
  })

  it('goes through @actions/core, which escapes the message and the properties of the workflow command', () => {
    const written: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    try {
      const hostile = report([
        system('sys,tem: one', 'staging', [
          finding('drift.detection', 'fail', '100% broken\r\n::set-output name=passed::true', 'ai/a,b:c.yml', 7, { hint: 'fix: it, now' })
        ])
      ])
      emitLogAnnotations(hostile, everyLine)
    } finally {
      spy.mockRestore()
    }
    expect(written).toEqual([
      '::error title=sys%2Ctem%3A one%3A drift.detection,file=ai/a%2Cb%3Ac.yml,line=7,endLine=7::' +
        '100%25 broken%0D%0A::set-output name=passed::true%0AHow to fix: fix: it, now\n'
    ])
  })
})
