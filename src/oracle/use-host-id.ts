import type { JournalEntry } from '../journal/index.js'
import { type ClientRule, hostOf, isPacket, label, outcomeOf } from './analysis.js'
import type { Violation } from './violation.js'

/** Answers that show the host-id server reachable; anything else starts the fallback timer. */
const REACHED = new Set(['success', 'resync', 'too-large', 'auth'])

/**
 * After a Create-Session Ack with `BITS-Host-Id`, every later packet of the session (and the
 * Pings in between) goes to that host. Only after failing to reach it for
 * `BITS-Host-Id-Fallback-Timeout` seconds (the timer starts at the first failure) may the client
 * fall back to the origin host; without the header, never. Reply downloads go wherever
 * `BITS-Reply-URL` points and are not checked.
 * @see [MC-BUP] §1.3.4.2, §2.2.3.2, §3.1.2.3 (Host Fallback Timeout), §3.1.5.1.3 (STATE_PING)
 */
export const useHostId: ClientRule = {
  id: 'use-host-id',
  summary:
    'After BITS-Host-Id, packets go to that host; back to the origin only after the fallback timeout.',
  source: '[MC-BUP] §1.3.4.2, §3.1.2.3',
  check(analysis) {
    const { hostId, hostIdFallbackMs } = analysis.options
    if (hostId === undefined) return []
    const target = hostId.toLowerCase()
    const flagged = new Set<JournalEntry>()
    const violations: Violation[] = []
    for (const track of analysis.sessions) {
      const create = track.create
      if (!create || outcomeOf(create) !== 'success') continue
      const end = (track.ended ?? track.lost)?.seq ?? Number.POSITIVE_INFINITY
      const window = analysis.entries.filter(
        (entry) =>
          entry.seq > create.seq &&
          entry.seq <= end &&
          (isPacket(entry, 'Ping') ||
            (entry.kind === 'packet' && entry.sessionId?.toUpperCase() === track.id)),
      )
      let timerStart: number | undefined
      const strays: JournalEntry[] = []
      for (const entry of window) {
        if (hostOf(entry.url).toLowerCase() === target) {
          if (timerStart === undefined && !REACHED.has(outcomeOf(entry)))
            timerStart = entry.answeredAt ?? entry.time
          continue
        }
        const fellBack = timerStart !== undefined && entry.time - timerStart >= hostIdFallbackMs
        if (!fellBack && !flagged.has(entry)) strays.push(entry)
      }
      for (const entry of strays) flagged.add(entry)
      const first = strays[0]
      if (!first) continue
      const why =
        timerStart === undefined
          ? 'the client never failed to reach it'
          : `the fallback timeout (${hostIdFallbackMs / 1000} s) had not passed since the first failure`
      violations.push(
        analysis.violation(
          'use-host-id',
          `${label(create)} named BITS-Host-Id ${hostId}, but ${strays.map(label).join(', ')} went to ${hostOf(first.url)} and ${why}: packets of the session go to the host id.`,
          [create, ...strays],
        ),
      )
    }
    return violations
  },
}
