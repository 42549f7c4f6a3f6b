import { answerOf, type ClientRule, knownBy, label } from './analysis.js'
import type { Violation } from './violation.js'

/**
 * Once Close-Session or Cancel-Session was acknowledged with 2xx the session is over: the client
 * sends nothing more on it.
 * @see [MC-BUP] §3.2.5.2.7 (the server frees the session), §3.1.5.1
 */
export const noPacketsAfterClose: ClientRule = {
  id: 'no-packets-after-close',
  summary: 'Nothing is sent on a session after its Close-Session or Cancel-Session succeeded.',
  source: '[MC-BUP] §3.1.5.1, §3.2.5.2.7',
  check(analysis) {
    const violations: Violation[] = []
    for (const track of analysis.sessions) {
      const ended = track.ended
      if (!ended) continue
      const later = track.entries.filter(
        (entry) => entry.seq > ended.seq && entry.kind === 'packet' && knownBy(ended, entry.time),
      )
      if (later.length === 0) continue
      violations.push(
        analysis.violation(
          'no-packets-after-close',
          `${label(ended)} was answered ${answerOf(ended)}, yet the client sent ${later.map(label).join(', ')} on the ended session.`,
          [ended, ...later],
        ),
      )
    }
    return violations
  },
}
