import type { PendingRule } from '../../faults/index.js'
import { RULE_LEVELS, type Violation } from '../../oracle/index.js'
import type { ClientExit } from './client-runners.js'
import type { ReportedViolation, Scenario, Verdict } from './report-types.js'

/** What a scenario's run left behind, for {@link judge}. */
export interface RunFacts {
  scenario: Scenario
  exit: ClientExit
  /** SHA-256 of the payload. */
  sha256Expected: string
  /** SHA-256 of the upload the client committed, or `null`. */
  sha256Stored: string | null
  violations: readonly Violation[]
  pending: readonly PendingRule[]
  /** The last journal seq, to name where a timed-out client stopped. */
  lastSeq: number | null
  timeoutMs: number
}

/** A verdict, its one-line reason, and the violations graded MUST/SHOULD. */
export interface Judgement {
  verdict: Verdict
  reason: string
  violations: ReportedViolation[]
}

/**
 * Grades one scenario: a timeout, a MUST rule broken, the wrong outcome (recover: exit 0 and the
 * stored SHA-256 equals the payload's; give-up: a non-zero exit), a fault rule that never acted
 * → `fail`; a SHOULD rule broken → `non-strict`; else `pass`. The reason gives the first finding
 * in that order (naming the rule and the journal entries, `#seq`) and how many more there are.
 * @see RFC 2119 (MUST, SHOULD); oracle RULE_LEVELS
 */
export function judge(facts: RunFacts): Judgement {
  const violations = facts.violations.map((v) => ({ ...v, level: RULE_LEVELS[v.rule] }))
  const { timedOut } = facts.exit
  // The rule broken says why better than the outcome it led to, unless the client never finished.
  const failures = [
    ...(timedOut ? outcomeFailures(facts) : []),
    ...violations.filter((v) => v.level === 'must').map((v) => `${v.rule} (MUST): ${v.message}`),
    ...(timedOut ? [] : outcomeFailures(facts)),
    ...facts.pending.map(
      (rule) =>
        `fault rule "${rule.name}" never acted as scripted (matched ${rule.seen}, acted ${rule.acted} of ${Number.isFinite(rule.times) ? rule.times : 'always'}): the client never sent the packet it targets`,
    ),
  ]
  if (failures.length > 0) return { verdict: 'fail', reason: oneLine(failures), violations }
  const advice = violations.map((v) => `${v.rule} (SHOULD): ${v.message}`)
  if (advice.length > 0) return { verdict: 'non-strict', reason: oneLine(advice), violations }
  const reason =
    facts.scenario.expect === 'recover'
      ? 'recovered: exit 0, the stored bytes match, every fault acted, no rule broken'
      : `gave up as it should: exit ${facts.exit.exitCode}, every fault acted, no forbidden resend`
  return { verdict: 'pass', reason, violations }
}

function outcomeFailures(facts: RunFacts): string[] {
  const { exit, scenario } = facts
  if (exit.timedOut) {
    const where =
      facts.lastSeq === null ? 'no request reached the server' : `last request #${facts.lastSeq}`
    return [`timeout: the client was still running after ${facts.timeoutMs / 1000} s (${where})`]
  }
  if (scenario.expect === 'give-up') {
    return exit.exitCode === 0
      ? [
          'expected give-up: the client exited 0 where a conforming client stops and reports failure',
        ]
      : []
  }
  if (exit.exitCode !== 0) return [`expected recover: the client exited ${exit.exitCode} (gave up)`]
  if (facts.sha256Stored === null)
    return [
      'expected recover: the client exited 0 but the server committed no upload (no successful Close-Session)',
    ]
  if (facts.sha256Stored !== facts.sha256Expected)
    return [
      `expected recover: the stored bytes differ (sha256 ${facts.sha256Stored.slice(0, 12)}…, expected ${facts.sha256Expected.slice(0, 12)}…)`,
    ]
  return []
}

function oneLine(findings: readonly string[]): string {
  const [first] = findings
  const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : ''
  return `${first}${more}`.replaceAll(/\s*\n\s*/g, ' ')
}
