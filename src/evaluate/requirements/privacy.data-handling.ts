// privacy.data-handling: Privacy and data handling documented.
import { list } from '../checks/wording.js'
import { fail, isNumber, locate, missingKeys, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const privacy: Evaluator = (ctx) => {
  const section = ctx.manifest.data.privacy
  const at = locate(ctx, ['privacy'])
  if (!section) return [fail('`privacy` is missing: retention, deletion and legal basis are undocumented.', at)]
  const missing = [...missingKeys(section, ['basis', 'deletion']), ...missingKeys(section, ['retention-days'], isNumber)]
  if (missing.length) return [fail(`Privacy handling lacks ${list(missing, 'privacy')}.`, at)]
  return [pass(`Basis: ${section.basis}; retention ${section['retention-days']} days; deletion documented.`, at)]
}

export default defineRequirement({
  id: 'privacy.data-handling',
  title: 'Privacy and data handling documented',
  guardsAgainst: 'Personal data flows into prompts and logs with no retention, deletion or legal basis.',
  satisfiedBy: 'privacy states the legal basis, retention-days and how deletion requests are handled.',
  hint: 'Set privacy.basis, privacy.retention-days and privacy.deletion.',
  firstStage: 'staging',
  manifestPath: ['privacy'],
  skeleton: ['basis:                  # legal basis for processing', 'retention-days:', 'deletion:               # how deletion requests are handled'],
  evaluate: privacy
})
