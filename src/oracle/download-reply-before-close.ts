import { defineRule } from './client-rule.js'
import { isPacket, isReplyDownload, knownBy } from './requests.js'
import { label } from './wording.js'

/**
 * In upload-reply mode the client downloads `BITS-Reply-URL` (a 2xx GET) before Close-Session,
 * which frees the reply. A HEAD of the reply URL reads no bytes, so it is not a download.
 * @see [MC-BUP] §3.1.5.1.8 (upload-reply state transitions), §4.2; W32: "Ack for Fragment"
 */
export const downloadReplyBeforeClose = defineRule({
  id: 'download-reply-before-close',
  summary: 'With upload-reply, the reply at BITS-Reply-URL is downloaded before Close-Session.',
  source: '[MC-BUP] §3.1.5.1.8, §4.2',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      const announce = track.entries.find(
        (entry) =>
          isPacket(entry, 'Fragment') &&
          entry.replyUrl !== null &&
          entry.status !== null &&
          entry.status < 300,
      )
      if (!announce) continue
      // The first moment the client held a downloaded reply: the earliest answer to a 2xx GET.
      let downloadedAt = Number.POSITIVE_INFINITY
      for (const get of track.entries) {
        if (isReplyDownload(get) && get.status !== null && get.status >= 200 && get.status < 300)
          downloadedAt = Math.min(downloadedAt, get.answeredAt ?? Number.POSITIVE_INFINITY)
      }
      const early = track.entries.filter(
        (close) =>
          isPacket(close, 'Close-Session') &&
          knownBy(announce, close.time) &&
          downloadedAt > close.time,
      )
      const first = early[0]
      if (!first) continue
      report(
        `${label(announce)} announced a reply at ${announce.replyUrl}, but ${label(first)} came before any successful download of it: Close-Session frees the reply, so it is lost.`,
        [announce, ...early],
      )
    }
  },
})
