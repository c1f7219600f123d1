// signoff.legal: Verified legal sign-off.
import { signoffRule } from '../checks/signoff.js'
import { docUrl } from '../../report/links.js'
import { defineRequirement } from '../requirement.js'

export default defineRequirement({
  id: 'signoff.legal',
  title: 'Verified legal sign-off',
  guardsAgainst: 'Liability for model outputs was never reviewed and surfaces after an incident.',
  satisfiedBy:
    'evidence.legal-signoff links a sign-off by a legal signer listed in the trusted policy, approved on the pull request or unchanged from the base branch.',
  hint: `Write a sign-off file (its format: ${docUrl('signoffs.md#sign-off-files')}), have a legal signer named in the policy sign it and approve the pull request, and link it as evidence.legal-signoff.file.`,
  firstStage: 'production',
  manifestPath: ['evidence', 'legal-signoff'],
  skeleton: ['legal-signoff:', '  file:                 # sign-off file, signed by a legal signer of the policy'],
  evaluate: signoffRule('legal')
})
