import { ackedOffset } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isPacket } from './requests.js'
import { label } from './wording.js'

/**
 * Fragments are sequential from 0: each starts at the `BITS-Received-Content-Range` of the last
 * 200 or 416 Ack the client received on the session (0 before any). A resend after a 5xx or no
 * answer starts where the failed one did.
 * @see [MC-BUP] §2.2.7.2 (BITS-Received-Content-Range: "the start offset of the next fragment
 *   message that the client MUST send"), §3.1.5.2.4, §3.2.5.2.6
 */
export const fragmentAtReceivedRange = defineRule({
  id: 'fragment-at-received-range',
  summary:
    'Each fragment starts at the BITS-Received-Content-Range of the last 200 or 416 Ack (0 at first).',
  source: '[MC-BUP] §2.2.7.2, §3.1.5.2.4',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      for (const entry of track.entries) {
        if (!isPacket(entry, 'Fragment') || !entry.range) continue
        // After BG_E_SESSION_NOT_FOUND, restart-after-session-not-found speaks.
        if (track.lost && entry.seq > track.lost.seq) continue
        const ack = analysis.lastOffsetAck(entry)
        if (!ack && track.restartOf) continue
        const expected = (ack ? ackedOffset(ack) : null) ?? 0
        if (entry.range.first === expected) continue
        const because = ack
          ? `the last Ack the client had, ${label(ack)}, said`
          : 'a new session expects'
        report(
          `${label(entry)} starts at ${entry.range.first}, but ${because} ${expected}: the next fragment starts at BITS-Received-Content-Range.`,
          ack ? [ack, entry] : [entry],
        )
      }
    }
  },
})
