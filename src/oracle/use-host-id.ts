import type { JournalEntry } from '../journal/index.js'
import { classifyAnswer } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isPacket } from './requests.js'
import { firstIndex } from './session-track.js'
import { hostOf } from './urls.js'
import { label } from './wording.js'

/** Answers that show the host-id server reachable; anything else starts the fallback timer. */
const REACHED = new Set(['success', 'resync', 'too-large', 'auth'])

/**
 * After a Create-Session Ack with `BITS-Host-Id`, every later packet of the session goes to that
 * host. Only after failing to reach it for `BITS-Host-Id-Fallback-Timeout` seconds (the timer
 * starts at the first failure) may the client fall back to the origin host; without the header,
 * never. Reply downloads go wherever `BITS-Reply-URL` points and are not checked.
 *
 * Packets are attributed to the session they name. A Ping need not name one (§2.2.4), and the
 * journal does not tell clients apart, so a Ping without `BITS-Session-Id` is never held against
 * a session: another client may send it, to the origin, before its own Create-Session (as W32
 * "Create-Session" advises). Such a Ping to the host id that fails does start the fallback timer
 * of the sessions live then, since whoever sent it found the host unreachable.
 * @see [MC-BUP] §1.3.4.2, §2.2.3.2, §3.1.2.3 (Host Fallback Timeout), §3.1.5.1.3 (STATE_PING)
 */
export const useHostId = defineRule({
  id: 'use-host-id',
  summary:
    'After BITS-Host-Id, packets go to that host; back to the origin only after the fallback timeout.',
  source: '[MC-BUP] §1.3.4.2, §3.1.2.3',
  find(analysis, report) {
    const { hostId, hostIdFallbackMs } = analysis.options
    if (hostId === undefined) return
    const target = hostId.toLowerCase()
    const onTarget = (entry: JournalEntry) => hostOf(entry.url).toLowerCase() === target
    const failed = (entry: JournalEntry) => onTarget(entry) && !REACHED.has(classifyAnswer(entry))
    // Failed Pings to the host id that name no session, in arrival order.
    const failedPings = analysis.entries.filter(
      (entry) => isPacket(entry, 'Ping') && entry.sessionId === null && failed(entry),
    )
    for (const track of analysis.sessions) {
      const create = track.create
      if (!create || classifyAnswer(create) !== 'success') continue
      const end = (track.ended ?? track.lost)?.seq ?? Number.POSITIVE_INFINITY
      const ping = failedPings[firstIndex(failedPings, (entry) => entry.seq > create.seq)]
      let failure = ping && ping.seq <= end ? ping : undefined
      const strays: JournalEntry[] = []
      for (const entry of track.entries) {
        if (entry.kind !== 'packet' || entry.seq <= create.seq || entry.seq > end) continue
        if (onTarget(entry)) {
          if (failed(entry) && (!failure || entry.seq < failure.seq)) failure = entry
          continue
        }
        const timerStart =
          failure && failure.seq < entry.seq ? (failure.answeredAt ?? failure.time) : undefined
        if (timerStart === undefined || entry.time - timerStart < hostIdFallbackMs)
          strays.push(entry)
      }
      const first = strays[0]
      if (!first) continue
      const why =
        failure === undefined || failure.seq > first.seq
          ? 'the client never failed to reach it'
          : `the fallback timeout (${hostIdFallbackMs / 1000} s) had not passed since the first failure`
      report(
        `${label(create)} named BITS-Host-Id ${hostId}, but ${strays.map(label).join(', ')} went to ${hostOf(first.url)} and ${why}: packets of the session go to the host id.`,
        [create, ...strays],
      )
    }
  },
})
