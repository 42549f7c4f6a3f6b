import type { JournalEntry } from '../journal/index.js'
import { defineRule } from './client-rule.js'
import { label } from './wording.js'

/**
 * No retry storm: one packet is resent at most `retryStorm.resends` times within any
 * `retryStorm.windowMs`. Windows waits at least its job's minimum retry delay (5 s, 600 s by
 * default) between two tries, so it resends a packet at most once in 5 s; the default allows ten
 * in that window, so a client backing off from milliseconds (as test clients do) passes and one
 * resending back to back after a 503 does not.
 * @see W32: IBackgroundCopyJob::SetMinimumRetryDelay ("The minimum retry delay that you can
 *   specify is 5 seconds")
 */
export const noRetryStorm = defineRule({
  id: 'no-retry-storm',
  summary:
    'A packet is resent at most `retryStorm.resends` times (10) within `retryStorm.windowMs` (5 s): no retry storm.',
  source: 'W32 IBackgroundCopyJob::SetMinimumRetryDelay',
  find(analysis, report) {
    const storm = analysis.options.retryStorm
    if (storm === null) return
    // Each chain's resends in arrival order, keyed by the chain's first request.
    const chains = new Map<JournalEntry, JournalEntry[]>()
    for (const entry of analysis.entries) {
      const retry = analysis.retryOf(entry)
      if (!retry) continue
      const resends = chains.get(retry.first)
      if (resends) resends.push(entry)
      else chains.set(retry.first, [entry])
    }
    for (const [first, resends] of chains) {
      const burst = densestBurst(resends, storm.windowMs)
      if (burst.length <= storm.resends) continue
      const span = (burst.at(-1)?.time ?? 0) - (burst[0]?.time ?? 0)
      report(
        `${label(first)} was resent ${burst.length} times in ${span} ms (${label(burst[0] as JournalEntry)} to ${label(burst.at(-1) as JournalEntry)}), more than ${storm.resends} in ${storm.windowMs} ms: back off between retries (Windows waits at least 5 s).`,
        [first, ...burst],
      )
    }
  },
})

/** The longest run of `entries` (ascending time) that fits in `windowMs`. */
function densestBurst(entries: readonly JournalEntry[], windowMs: number): JournalEntry[] {
  let best: [number, number] = [0, 0]
  let start = 0
  for (let end = 0; end < entries.length; end++) {
    while ((entries[end]?.time ?? 0) - (entries[start]?.time ?? 0) >= windowMs) start++
    if (end - start > best[1] - best[0]) best = [start, end]
  }
  return entries.slice(best[0], best[1] + 1)
}
