import { classifyAnswer } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isPacket, isResend } from './requests.js'
import { answerOf, label } from './wording.js'

/**
 * Close-Session and Cancel-Session answered 500–599 are resent, unless the error is
 * BG_E_SESSION_NOT_FOUND (or the server application's 501/505, which are final). A client that
 * resent `maxRetries` times may stop.
 * @see W32: "Ack for Close-Session", "Ack for Cancel-Session" ("The BITS client resends the
 *   Close-Session packet if the reason-code is in the range 500 through 599, unless …
 *   BG_E_SESSION_NOT_FOUND")
 */
export const resendCloseAfter5xx = defineRule({
  id: 'resend-close-after-5xx',
  summary: 'Close-Session and Cancel-Session answered 5xx (but BG_E_SESSION_NOT_FOUND) are resent.',
  source: 'W32 "Ack for Close-Session", "Ack for Cancel-Session"',
  find(analysis, report) {
    for (const entry of analysis.entries) {
      if (!isPacket(entry, 'Close-Session', 'Cancel-Session')) continue
      const status = entry.status ?? 0
      if (status < 500 || status > 599 || classifyAnswer(entry) !== 'transient') continue
      const next = analysis.nextInStream(entry)
      if (next && isResend(entry, next)) continue
      const resends = analysis.retryOf(entry)?.count ?? 0
      if (resends >= analysis.options.maxRetries) continue
      const instead = next ? `sent ${label(next)} instead` : 'sent nothing more on the session'
      report(
        `${label(entry)} was answered ${answerOf(entry)} and the client ${instead}: it resends ${entry.packet} on 500–599 unless the error is BG_E_SESSION_NOT_FOUND (gave up after ${resends} resend(s)).`,
        next ? [entry, next] : [entry],
      )
    }
  },
})
