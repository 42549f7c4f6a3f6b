import { classifyAnswer } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isResend, knownBy } from './requests.js'
import { answerOf, label } from './wording.js'

/**
 * A packet answered 1xx–4xx is final and not resent: the client reports the error. Resyncs are not
 * final (416: resume at `BITS-Received-Content-Range`; 413: send smaller), 401/407 are resent with
 * credentials, and the server application's 408/409 and most 3xx are transient.
 * @see [MC-BUP] §3.1.5.2.1; W32: "Ack for Close-Session" ("The client will not retry for reason
 *   codes in the range 100 through 499"), "Handling Server Application Errors"
 */
export const noResendAfterFatal = defineRule({
  id: 'no-resend-after-fatal',
  summary: 'A packet answered with a final error (1xx–4xx but 401, 407, 413, 416) is not resent.',
  source: '[MC-BUP] §3.1.5.2.1; W32 "Ack for Close-Session", "Handling Server Application Errors"',
  find(analysis, report) {
    for (const entry of analysis.entries) {
      if (entry.kind !== 'packet' || entry.packet === null || classifyAnswer(entry) !== 'fatal')
        continue
      const next = analysis.nextInStream(entry)
      if (!next || !isResend(entry, next) || !knownBy(entry, next.time)) continue
      report(
        `${label(next)} resends ${label(entry)}, which was answered ${answerOf(entry)}: that answer is final, so the client reports it instead of resending.`,
        [entry, next],
      )
    }
  },
})
