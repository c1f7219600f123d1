// Parsers for k6 evidence. Placeholder: filled in by the evidence-parsers work.
import type { EvidenceParser } from '../types.js'

export const k6Parsers: EvidenceParser[] = []
