// The structure of a runbook or plan (Markdown or plain text): what a reader under pressure can
// follow. A document counts as a runbook by its steps (ordered-list items `1.` `2)` or checklist
// items `- [ ]`), not by existing: a file holding only a title is no rollback plan. Items that say
// nothing yet (TODO, TBD, "none yet", "n/a", "to be written", "...") are not steps; text in code
// blocks and HTML comments is not read.

export interface RunbookStructure {
  /** Ordered-list and checklist items with text that says what to do. */
  steps: number
  /** Items that are placeholders (TODO, TBD, ...), for the message. */
  placeholders: number
  /** Headings (`#` lines), for the message. */
  headings: number
  /** Non-blank lines of prose outside headings, lists and code, for the message. */
  proseLines: number
}

const ORDERED_ITEM = /^\s{0,12}\d{1,9}[.)](?:\s+(.*))?$/
const CHECKLIST_ITEM = /^\s{0,12}[-*+]\s+\[[ xX]\](?:\s+(.*))?$/
const BULLET_ITEM = /^\s{0,12}[-*+]\s+/
const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/
const FENCE = /^\s{0,3}(```|~~~)/
/**
 * An item that only marks work to do, read from its whole text (lowercased, brackets and emphasis
 * dropped): a marker it starts with ("TODO: write", "TBD", "WIP"), a word that stands for nothing
 * with at most a "yet" or "for now" after it ("none yet", "n/a for now", "pending", "Step 2"),
 * "to be written", "not yet written", "add steps here" (closing punctuation aside). Dots alone have
 * no two letters in a row, which readRunbook reads as a placeholder too. A real step that starts with one of
 * these words ("None of the above? Page @ml-lead", "Pending jobs: drain them") says more, and counts.
 */
const PLACEHOLDERS = [
  /^(?:todo|tbd|tba|tbc|fixme|xxx|wip)(?![a-z])/,
  /^to[- ]do$/,
  new RegExp(
    '^(?:none|nothing|n/?a|nil|empty|blank|placeholder|pending|coming soon|lorem ipsum.*|steps?(?: *(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|[a-z]))?|etc)' +
      '(?: +(?:yet|for now|so far|at the moment|at this time|at present|currently|right now|here|later|to add|to come|to follow|tbd|todo))*$'
  ),
  /^to be (?:written|added|defined|determined|decided|confirmed|completed|filled(?: in)?|documented|drafted|provided|agreed|announced|updated)(?![a-z])/,
  /^not (?:yet )?(?:written|defined|documented|decided|determined)(?![a-z])/,
  /^(?:add|write|insert|describe|fill in|put) (?:the |your |more )?(?:steps?|content|details|text|instructions|something|procedure)(?: here)?$/,
  /^fill (?:this |me )?in(?: later)?$/
]
const isPlaceholder = (content: string): boolean => {
  const text = content
    .replace(/[[\](){}<>"']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    // Closing punctuation says nothing: "None yet.", "To do:", "Step 3 -".
    .replace(/[\s.!:;?…-]+$/, '')
  return PLACEHOLDERS.some((pattern) => pattern.test(text))
}

export function readRunbook(text: string): RunbookStructure {
  const structure: RunbookStructure = { steps: 0, placeholders: 0, headings: 0, proseLines: 0 }
  let fence: string | undefined
  const withoutComments = text.replace(/<!--[\s\S]*?(?:-->|$)/g, '')
  for (const line of withoutComments.split(/\r\n|\r|\n/)) {
    const fenceMatch = FENCE.exec(line)
    if (fence) {
      if (fenceMatch && fenceMatch[1] === fence) fence = undefined
      continue
    }
    if (fenceMatch) {
      fence = fenceMatch[1]
      continue
    }
    if (line.trim() === '') continue
    if (HEADING.test(line)) {
      structure.headings++
      continue
    }
    const item = ORDERED_ITEM.exec(line) ?? CHECKLIST_ITEM.exec(line)
    if (item) {
      const content = (item[1] ?? '').replace(/[*_`~]/g, '').trim()
      if (content === '' || isPlaceholder(content) || !/[A-Za-z\p{L}]{2,}/u.test(content)) structure.placeholders++
      else structure.steps++
      continue
    }
    if (!BULLET_ITEM.test(line)) structure.proseLines++
  }
  return structure
}

/** What a document lacks to count as a runbook with at least `minimum` steps, or undefined when it has them. */
export function runbookShortfall(structure: RunbookStructure, minimum: number): string | undefined {
  if (structure.steps >= minimum) return undefined
  const count = (n: number, what: string): string | undefined => (n > 0 ? `${n} ${what}${n === 1 ? '' : 's'}` : undefined)
  const others = [count(structure.placeholders, 'placeholder item'), count(structure.headings, 'heading'), count(structure.proseLines, 'line')]
    .filter(Boolean)
    .join(', ')
  const needed = `where the policy needs at least ${minimum} as a numbered list (1. 2. 3.) or a checklist (- [ ])`
  if (structure.steps > 0) return `has only ${count(structure.steps, 'step')}${others ? ` (and ${others})` : ''}, ${needed}`
  return others ? `has ${others} but no steps, ${needed}` : `is empty: no steps, ${needed}`
}
