import { ackedOffset } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isPacket } from './requests.js'
import { label } from './wording.js'

/**
 * A session whose last byte was acknowledged is ended by the client: Close-Session commits the
 * upload (or Cancel-Session drops it). Without either the server never moves the file to its
 * destination, and the upload is lost when the session times out. A session the server lost
 * (BG_E_SESSION_NOT_FOUND) is exempt, and a Close-Session that went unanswered counts as sent.
 * Check the journal once the client is done: mid-upload, the last Ack may simply be recent.
 * @see [MC-BUP] §3.1.5.1 (the client enters CLOSE-SESSION when the last fragment is acknowledged),
 *   §3.2.5.2.7 (the server commits the upload on Close-Session)
 */
export const closeCompletedSession = defineRule({
  id: 'close-completed-session',
  summary:
    'A session whose last byte was acknowledged is ended with Close-Session (or Cancel-Session).',
  source: '[MC-BUP] §3.1.5.1, §3.2.5.2.7',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      if (track.lost) continue
      const complete = track.entries.find(
        (entry) =>
          isPacket(entry, 'Fragment') &&
          entry.range !== null &&
          ackedOffset(entry) === entry.range.total,
      )
      if (!complete) continue
      const ended = track.entries.some(
        (entry) => entry.seq > complete.seq && isPacket(entry, 'Close-Session', 'Cancel-Session'),
      )
      if (ended) continue
      report(
        `${label(complete)} completed the upload, but the client never sent Close-Session: the server commits the file only on Close-Session, so this upload is lost.`,
        [complete],
      )
    }
  },
})
