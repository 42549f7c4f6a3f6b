import { type ClientRule, isPacket, label } from './analysis.js'
import type { Violation } from './violation.js'

/**
 * Every fragment of a session names the same total size in `Content-Range`.
 * @see [MC-BUP] §2.2.6 (Content-Range), §3.2.5.2.6
 */
export const constantContentRangeTotal: ClientRule = {
  id: 'constant-content-range-total',
  summary: 'Every fragment of a session carries the same Content-Range total.',
  source: '[MC-BUP] §2.2.6, §3.2.5.2.6',
  check(analysis) {
    const violations: Violation[] = []
    for (const track of analysis.sessions) {
      const fragments = track.entries.filter((entry) => isPacket(entry, 'Fragment') && entry.range)
      const first = fragments[0]
      if (!first?.range) continue
      const total = first.range.total
      const changed = fragments.filter((entry) => entry.range?.total !== total)
      if (changed.length === 0) continue
      violations.push(
        analysis.violation(
          'constant-content-range-total',
          `${changed.map(label).join(', ')} changed the upload's total from the ${total} bytes of ${label(first)}: a session uploads one entity of one size.`,
          [first, ...changed],
        ),
      )
    }
    return violations
  },
}
