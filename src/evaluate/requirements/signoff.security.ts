// signoff.security: Verified security sign-off.
import { signoffRule } from '../checks/signoff.js'
import { docUrl } from '../../report/links.js'
import { defineRequirement } from '../requirement.js'

export default defineRequirement({
  id: 'signoff.security',
  title: 'Verified security sign-off',
  guardsAgainst: 'Prompt injection, data exfiltration and access control were never reviewed.',
  satisfiedBy:
    'evidence.security-signoff links a sign-off by a security signer listed in the trusted policy, approved on the pull request or unchanged from the base branch.',
  hint: `Write a sign-off file (its format: ${docUrl('signoffs.md#sign-off-files')}), have a security signer named in the policy sign it and approve the pull request, and link it as evidence.security-signoff.file.`,
  firstStage: 'production',
  manifestPath: ['evidence', 'security-signoff'],
  skeleton: ['security-signoff:', '  file:'],
  evaluate: signoffRule('security')
})
