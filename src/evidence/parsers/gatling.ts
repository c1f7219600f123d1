// Parsers for gatling evidence. Placeholder: filled in by the evidence-parsers work.
import type { EvidenceParser } from '../types.js'

export const gatlingParsers: EvidenceParser[] = []
