// data.sources-mapped: Upstream data sources mapped.
import { fail, isText, locate, missingKeys, pass, type Outcome } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const sourcesMapped: Evaluator = (ctx) => {
  const sources = ctx.manifest.data.data?.sources
  const at = locate(ctx, ['data', 'sources'])
  if (!Array.isArray(sources) || sources.length === 0) return [fail('`data.sources` is missing: no upstream data source is mapped.', at)]
  const outcomes: Outcome[] = []
  sources.forEach((source, index) => {
    const missing = missingKeys(source, ['name', 'owner', 'on-failure'])
    if (missing.length) {
      const label = isText(source?.name) ? `"${source.name}"` : `#${index + 1}`
      outcomes.push(fail(`Data source ${label} lacks ${missing.map((key) => `\`${key}\``).join(', ')}.`, locate(ctx, ['data', 'sources', index])))
    }
  })
  return outcomes.length ? outcomes : [pass(`${sources.length} data source${sources.length === 1 ? '' : 's'} mapped with owner and failure behaviour.`, at)]
}

export default defineRequirement({
  id: 'data.sources-mapped',
  title: 'Upstream data sources mapped',
  guardsAgainst: 'An upstream schema change or outage silently breaks inputs the team never listed.',
  satisfiedBy: 'data.sources lists each upstream source with its owner and what the system does when it fails.',
  hint: 'List each upstream source under data.sources with name, owner and on-failure behaviour.',
  firstStage: 'pilot',
  manifestPath: ['data', 'sources'],
  skeleton: ['sources:', '  - name:', '    owner:', '    on-failure:         # what the system does when this source is down or wrong'],
  evaluate: sourcesMapped
})
