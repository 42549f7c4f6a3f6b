import type { JournalEntry } from '../journal/index.js'
import { type ClientRule, label } from './analysis.js'
import type { Violation } from './violation.js'

/**
 * One packet is resent after transient failures at most `maxRetries` times. Off by default
 * (`Infinity`): Windows retries until the job's no-progress timeout.
 * @see W32: IBackgroundCopyJob::SetNoProgressTimeout; bits-protocol rule 8
 */
export const maxRetries: ClientRule = {
  id: 'max-retries',
  summary: 'A packet is resent at most `maxRetries` times (default: no limit, as Windows).',
  source: 'W32 IBackgroundCopyJob::SetNoProgressTimeout',
  check(analysis) {
    const limit = analysis.options.maxRetries
    if (limit === Number.POSITIVE_INFINITY) return []
    const chains = new Map<JournalEntry, JournalEntry[]>()
    for (const entry of analysis.entries) {
      const retry = analysis.retryOf(entry)
      if (!retry || retry.count <= limit) continue
      chains.set(retry.first, [...(chains.get(retry.first) ?? []), entry])
    }
    const violations: Violation[] = []
    for (const [first, excess] of chains) {
      violations.push(
        analysis.violation(
          'max-retries',
          `${label(first)} was resent ${limit + excess.length} times, more than maxRetries (${limit}): ${excess.map(label).join(', ')} went over.`,
          [first, ...excess],
        ),
      )
    }
    return violations
  },
}
