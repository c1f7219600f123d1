// drift.detection: Drift detection configured.
import { watched } from '../checks/monitors.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const drift: Evaluator = (ctx) => watched(ctx, ['evidence', 'drift'], ['drift', 'monitoring'], 'drift', 'drift configuration')

export default defineRequirement({
  id: 'drift.detection',
  title: 'Drift detection configured',
  guardsAgainst: 'Input or prediction distributions shift after launch and nobody is alerted.',
  satisfiedBy: 'evidence.drift links a drift config or alert rules with a drift metric, threshold, window and alert route.',
  hint: 'Configure a drift metric with threshold, window and route; link it under evidence.drift.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'drift'],
  skeleton: ['drift:', '  file:                 # drift config or alert rules'],
  evaluate: drift
})
