import { defineRule } from './client-rule.js'
import { answerOf, label } from './wording.js'

/**
 * A resend after a transient failure waits at least `minRetryDelayMs` after the failure's answer
 * (after the request, when none came). Off by default (0): Windows waits the job's minimum retry
 * delay, 600 s by default and 5 s at least, a job setting rather than a protocol rule.
 * @see W32: IBackgroundCopyJob::SetMinimumRetryDelay
 */
export const minRetryDelay = defineRule({
  id: 'min-retry-delay',
  summary: 'A resend waits at least `minRetryDelayMs` after the failure (default: not checked).',
  source: 'W32 IBackgroundCopyJob::SetMinimumRetryDelay',
  find(analysis, report) {
    const least = analysis.options.minRetryDelayMs
    if (least <= 0) return
    for (const entry of analysis.entries) {
      const retry = analysis.retryOf(entry)
      if (!retry) continue
      const waited = entry.time - (retry.of.answeredAt ?? retry.of.time)
      if (waited >= least) continue
      report(
        `${label(entry)} resent ${label(retry.of)} ${waited} ms after its ${answerOf(retry.of)}, sooner than minRetryDelayMs (${least} ms).`,
        [retry.of, entry],
      )
    }
  },
})
