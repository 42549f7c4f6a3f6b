import { defineRule } from './client-rule.js'
import { knownBy } from './requests.js'
import { answerOf, label } from './wording.js'

/**
 * Once Close-Session or Cancel-Session was acknowledged with 2xx the session is over: the client
 * sends nothing more on it.
 * @see [MC-BUP] §3.2.5.2.7 (the server frees the session), §3.1.5.1
 */
export const noPacketsAfterClose = defineRule({
  id: 'no-packets-after-close',
  summary: 'Nothing is sent on a session after its Close-Session or Cancel-Session succeeded.',
  source: '[MC-BUP] §3.1.5.1, §3.2.5.2.7',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      const ended = track.ended
      if (!ended) continue
      const later = track.entries.filter(
        (entry) => entry.seq > ended.seq && entry.kind === 'packet' && knownBy(ended, entry.time),
      )
      if (later.length === 0) continue
      report(
        `${label(ended)} was answered ${answerOf(ended)}, yet the client sent ${later.map(label).join(', ')} on the ended session.`,
        [ended, ...later],
      )
    }
  },
})
