import type { JournalEntry } from '../journal/index.js'
import type { Analysis } from './analysis.js'
import type { RuleId } from './rules.js'
import type { Violation } from './violation.js'

/**
 * One client rule: its stable id, one line saying what a conforming client does, and the check.
 * @see [MC-BUP] §3.1.5
 * @example
 *   import { CLIENT_RULES, type ClientRule } from 'msw-bits'
 *
 *   const rule: ClientRule | undefined = CLIENT_RULES.find(({ id }) => id === 'resend-close-after-5xx')
 *   console.log(rule?.summary, rule?.source)
 */
export interface ClientRule<Id extends string = RuleId> {
  readonly id: Id
  /** What a conforming client does, in one sentence. */
  readonly summary: string
  /** Where the rule comes from. */
  readonly source: string
  /** Every violation of the rule in the analysed journal. */
  check(analysis: Analysis): Violation[]
}

/** Reports one violation of the rule being checked: what happened, and the entries involved. */
export type Report = (message: string, entries: readonly JournalEntry[]) => void

/**
 * Declares a client rule. Its id is written here once: every violation `find` reports carries it,
 * and {@link RuleId} is the union of the ids in `CLIENT_RULES`. Marked free of side effects, so
 * a bundler drops the rules from an application that never checks a client.
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineRule<const Id extends string>(rule: {
  id: Id
  summary: string
  source: string
  /** Calls `report` once per violation found in `analysis`. */
  find(analysis: Analysis, report: Report): void
}): ClientRule<Id> {
  const { id, summary, source, find } = rule
  return Object.freeze({
    id,
    summary,
    source,
    check(analysis: Analysis): Violation[] {
      const violations: Violation[] = []
      find(analysis, (message, entries) => {
        const seqs = [...new Set(entries.map((entry) => entry.seq))].sort((a, b) => a - b)
        violations.push({ rule: id as string as RuleId, message, seqs })
      })
      return violations
    },
  })
}
