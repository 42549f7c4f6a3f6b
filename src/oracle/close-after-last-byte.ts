import { ackedOffset } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isPacket } from './requests.js'
import { label } from './wording.js'

/**
 * Close-Session comes after the server acknowledged the last byte: a session closed earlier is
 * discarded, and the upload is lost. A session closed before any Fragment is a 0-byte upload (no
 * Content-Range can describe zero bytes, so the Windows client sends none) and is not flagged.
 * @see [MC-BUP] §3.1.5.1 (the client enters CLOSE-SESSION when the last fragment is acknowledged),
 *   §3.2.5.2.7, §2.2.6 (Content-Range: `last` ≥ `first`)
 */
export const closeAfterLastByte = defineRule({
  id: 'close-after-last-byte',
  summary: 'Close-Session is sent only once an Ack acknowledged the upload’s last byte.',
  source: '[MC-BUP] §3.1.5.1, §3.2.5.2.7',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      const firstFragment = track.entries.find(
        (entry) => isPacket(entry, 'Fragment') && entry.range,
      )
      for (const close of track.entries) {
        if (!isPacket(close, 'Close-Session')) continue
        if (track.lost && close.seq > track.lost.seq) continue
        if (track.ended && close.seq > track.ended.seq) continue
        const total =
          firstFragment && firstFragment.seq < close.seq ? firstFragment.range?.total : undefined
        if (total === undefined) continue
        const ack = analysis.lastOffsetAck(close)
        const acknowledged = (ack ? ackedOffset(ack) : null) ?? 0
        if (acknowledged === total) continue
        report(
          `${label(close)} was sent when the server had acknowledged ${acknowledged} byte(s) and the upload has ${total}: Close-Session waits for the Ack of the last byte, or the server discards the upload.`,
          ack ? [ack, close] : [close],
        )
      }
    }
  },
})
