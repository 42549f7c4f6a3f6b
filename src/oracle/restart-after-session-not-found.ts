import { defineRule } from './client-rule.js'
import { isPacket, knownBy } from './requests.js'
import { answerOf, label } from './wording.js'

/**
 * After BG_E_SESSION_NOT_FOUND on any packet but Cancel-Session the session is gone: the client
 * sends nothing more on it, starts over with Create-Session, and uploads again from byte 0.
 * @see [MC-BUP] §3.1.5.2.1 ("If the BITS-Error value … is x8020001F, the client MUST restart the
 *   upload with a CREATE-SESSION message. This is true for all the messages except CANCEL-SESSION")
 */
export const restartAfterSessionNotFound = defineRule({
  id: 'restart-after-session-not-found',
  summary:
    'After BG_E_SESSION_NOT_FOUND the client abandons the session, sends Create-Session and uploads from byte 0.',
  source: '[MC-BUP] §3.1.5.2.1',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      const lost = track.lost
      if (!lost) continue
      const reused = track.entries.filter(
        (entry) =>
          entry.seq > lost.seq &&
          entry.kind === 'packet' &&
          entry.packet !== 'Cancel-Session' &&
          knownBy(lost, entry.time),
      )
      if (reused.length > 0) {
        report(
          `${label(lost)} was answered ${answerOf(lost)}, yet the client went on using the session (${reused.map(label).join(', ')}): it must start over with Create-Session.`,
          [lost, ...reused],
        )
      }
      const restart = track.restartedBy
      if (!restart) {
        report(
          `${label(lost)} was answered ${answerOf(lost)} and the client never sent a new Create-Session: it must start the upload over.`,
          [lost],
        )
        continue
      }
      const first = restart.entries.find((entry) => isPacket(entry, 'Fragment') && entry.range)
      if (first?.range && first.range.first !== 0) {
        report(
          `After ${label(lost)} lost the session, the new session's first fragment ${label(first)} does not start at byte 0: a new session holds no bytes, so the upload starts over from 0.`,
          [lost, ...(restart.create ? [restart.create] : []), first],
        )
      }
    }
  },
})
