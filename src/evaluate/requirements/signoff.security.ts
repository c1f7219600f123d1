// signoff.security: Security sign-off (verified).
import { signoffRule } from '../checks/signoff.js'
import { defineRequirement } from '../requirement.js'

export default defineRequirement({
  id: 'signoff.security',
  title: 'Security sign-off (verified)',
  guardsAgainst: 'Prompt injection, data exfiltration and access control were never reviewed.',
  satisfiedBy: 'evidence.security-signoff links a sign-off by a security signer listed in the trusted policy, approved on the pull request or unchanged from the base branch.',
  hint: 'Have an allowed security signer sign the sign-off file and approve the pull request.',
  firstStage: 'production',
  manifestPath: ['evidence', 'security-signoff'],
  skeleton: ['security-signoff:', '  file:'],
  evaluate: signoffRule('security')
})
