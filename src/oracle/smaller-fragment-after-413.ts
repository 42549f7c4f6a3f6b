import { type ClientRule, fragmentLength, isPacket, knownBy, label, outcomeOf } from './analysis.js'
import type { Violation } from './violation.js'

/**
 * On 413 the client sends smaller fragments until the server takes them.
 * @see [MC-BUP] §3.1.5.2.4 ("If the HTTP status code is 413 … the client SHOULD send fragments
 *   of smaller sizes until 413 error is not returned")
 */
export const smallerFragmentAfter413: ClientRule = {
  id: 'smaller-fragment-after-413',
  summary: 'After 413 the next fragment is smaller than the refused one.',
  source: '[MC-BUP] §3.1.5.2.4',
  check(analysis) {
    const violations: Violation[] = []
    for (const track of analysis.sessions) {
      track.entries.forEach((refused, index) => {
        if (!isPacket(refused, 'Fragment') || outcomeOf(refused) !== 'too-large') return
        const size = fragmentLength(refused)
        if (size <= 1) return
        const next = track.entries
          .slice(index + 1)
          .find((entry) => isPacket(entry, 'Fragment') && knownBy(refused, entry.time))
        if (next && fragmentLength(next) < size) return
        const what = next
          ? `${label(next)} carries ${fragmentLength(next)} bytes`
          : 'the client sent no further fragment'
        violations.push(
          analysis.violation(
            'smaller-fragment-after-413',
            `${label(refused)} (${size} bytes) was answered 413 and ${what}: after 413 the client sends smaller fragments.`,
            next ? [refused, next] : [refused],
          ),
        )
      })
    }
    return violations
  },
}
