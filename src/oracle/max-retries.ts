import type { JournalEntry } from '../journal/index.js'
import { defineRule } from './client-rule.js'
import { label } from './wording.js'

/**
 * One packet is resent after transient failures at most `maxRetries` times. Off by default
 * (`Infinity`): Windows retries until the job's no-progress timeout.
 * @see W32: IBackgroundCopyJob::SetNoProgressTimeout; bits-protocol rule 8
 */
export const maxRetries = defineRule({
  id: 'max-retries',
  summary: 'A packet is resent at most `maxRetries` times (default: no limit, as Windows).',
  source: 'W32 IBackgroundCopyJob::SetNoProgressTimeout',
  find(analysis, report) {
    const limit = analysis.options.maxRetries
    if (limit === Number.POSITIVE_INFINITY) return
    // The resends past the limit, by the first request of their chain, in one pass.
    const chains = new Map<JournalEntry, JournalEntry[]>()
    for (const entry of analysis.entries) {
      const retry = analysis.retryOf(entry)
      if (!retry || retry.count <= limit) continue
      const excess = chains.get(retry.first)
      if (excess) excess.push(entry)
      else chains.set(retry.first, [entry])
    }
    for (const [first, excess] of chains) {
      const shown =
        excess.length > 10
          ? `${excess.slice(0, 10).map(label).join(', ')}, … (${excess.length} in all)`
          : excess.map(label).join(', ')
      report(
        `${label(first)} was resent ${limit + excess.length} times, more than maxRetries (${limit}): ${shown} went over.`,
        [first, ...excess],
      )
    }
  },
})
