import { type ClientRule, isPacket, knownBy, label } from './analysis.js'
import type { Violation } from './violation.js'

/**
 * In upload-reply mode the client downloads `BITS-Reply-URL` (a 2xx GET) before Close-Session,
 * which frees the reply.
 * @see [MC-BUP] §3.1.5.1.8 (upload-reply state transitions), §4.2; W32: "Ack for Fragment"
 */
export const downloadReplyBeforeClose: ClientRule = {
  id: 'download-reply-before-close',
  summary: 'With upload-reply, the reply at BITS-Reply-URL is downloaded before Close-Session.',
  source: '[MC-BUP] §3.1.5.1.8, §4.2',
  check(analysis) {
    const violations: Violation[] = []
    for (const track of analysis.sessions) {
      const announce = track.entries.find(
        (entry) =>
          isPacket(entry, 'Fragment') &&
          entry.replyUrl !== null &&
          entry.status !== null &&
          entry.status < 300,
      )
      if (!announce) continue
      const early = track.entries.filter(
        (close) =>
          isPacket(close, 'Close-Session') &&
          knownBy(announce, close.time) &&
          !track.entries.some(
            (get) =>
              get.kind === 'reply' &&
              get.status !== null &&
              get.status >= 200 &&
              get.status < 300 &&
              knownBy(get, close.time),
          ),
      )
      const first = early[0]
      if (!first) continue
      violations.push(
        analysis.violation(
          'download-reply-before-close',
          `${label(announce)} announced a reply at ${announce.replyUrl}, but ${label(first)} came before any successful download of it: Close-Session frees the reply, so it is lost.`,
          [announce, ...early],
        ),
      )
    }
    return violations
  },
}
