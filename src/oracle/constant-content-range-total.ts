import { defineRule } from './client-rule.js'
import { isPacket } from './requests.js'
import { label } from './wording.js'

/**
 * Every fragment of a session names the same total size in `Content-Range`.
 * @see [MC-BUP] §2.2.6 (Content-Range), §3.2.5.2.6
 */
export const constantContentRangeTotal = defineRule({
  id: 'constant-content-range-total',
  summary: 'Every fragment of a session carries the same Content-Range total.',
  source: '[MC-BUP] §2.2.6, §3.2.5.2.6',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      const fragments = track.entries.filter((entry) => isPacket(entry, 'Fragment') && entry.range)
      const first = fragments[0]
      if (!first?.range) continue
      const total = first.range.total
      const changed = fragments.filter((entry) => entry.range?.total !== total)
      if (changed.length === 0) continue
      report(
        `${changed.map(label).join(', ')} changed the upload's total from the ${total} bytes of ${label(first)}: a session uploads one entity of one size.`,
        [first, ...changed],
      )
    }
  },
})
