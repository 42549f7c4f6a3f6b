import type { FaultRule } from './plan-schema.js'

/**
 * How far a rule has got through its script: the counts `bits.faults.pending()` reports
 * (a `PendingRule` is one).
 */
export interface RuleProgress {
  /** Packets the rule acted on. */
  acted: number
  /** Packets it was to act on (`Infinity` for `"always"`). */
  times: number
}

/**
 * Where a rule stands: `never-fired` (acted on nothing yet), `acting` (acted, more to come, or
 * `"always"`), `retired` (acted `times` times; it lets every later packet through).
 */
export type RuleState = 'never-fired' | 'acting' | 'retired'

/**
 * The {@link RuleState} of a rule from its counts.
 * @example
 *   ruleState({ acted: 13, times: 100 }) // 'acting'
 *   ruleState({ acted: 3, times: 3 })    // 'retired'
 */
export function ruleState({ acted, times }: RuleProgress): RuleState {
  if (acted === 0) return 'never-fired'
  return acted >= times ? 'retired' : 'acting'
}

/**
 * The counts in words, as the CLI's summary and the dashboard print them.
 * @example
 *   formatActed({ acted: 13, times: 100 })      // 'acted 13 of 100'
 *   formatActed({ acted: 0, times: Infinity }) // 'acted 0 of always'
 */
export function formatActed({ acted, times }: RuleProgress): string {
  return `acted ${acted} of ${Number.isFinite(times) ? times : 'always'}`
}

/**
 * How many packets a rule is to act on: its `times`, `Infinity` for `"always"` (the default with
 * a `probability`), else 1.
 * @example
 *   scriptedTimes({ packet: 'Fragment', probability: 0.1, effect: 'network-error' }) // Infinity
 * @see DESIGN.md "Fault plans" (`times`)
 */
export function scriptedTimes(rule: Pick<FaultRule, 'times' | 'probability'>): number {
  if (rule.times === 'always' || (rule.times === undefined && rule.probability !== undefined))
    return Number.POSITIVE_INFINITY
  return rule.times ?? 1
}
