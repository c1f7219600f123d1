// monitoring.output-quality: Output quality monitored.
import { watched } from '../checks/monitors.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const monitoring: Evaluator = (ctx) => watched(ctx, ['evidence', 'monitoring'], ['monitoring'], 'quality', 'monitoring rules file')

export default defineRequirement({
  id: 'monitoring.output-quality',
  title: 'Output quality monitored',
  guardsAgainst: 'Dashboards show uptime and latency while answers quietly get worse.',
  satisfiedBy: 'evidence.monitoring links alert rules with at least one output-quality alert that has a threshold, a window and a route or owner.',
  hint: 'Add an alert on an output-quality metric with threshold, window and route; link it under evidence.monitoring.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'monitoring'],
  skeleton: ['monitoring:', '  file:                 # alert rules with an output-quality alert'],
  evaluate: monitoring
})
