// Parsers for drift evidence. Placeholder: filled in by the evidence-parsers work.
import type { EvidenceParser } from '../types.js'

export const driftParsers: EvidenceParser[] = []
