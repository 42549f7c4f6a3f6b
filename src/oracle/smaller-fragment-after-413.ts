import type { JournalEntry } from '../journal/index.js'
import { classifyAnswer } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { fragmentLength, isPacket, knownBy } from './requests.js'
import { label } from './wording.js'

/**
 * On 413 the client sends smaller fragments until the server takes them.
 * @see [MC-BUP] §3.1.5.2.4 ("If the HTTP status code is 413 … the client SHOULD send fragments
 *   of smaller sizes until 413 error is not returned")
 */
export const smallerFragmentAfter413 = defineRule({
  id: 'smaller-fragment-after-413',
  summary: 'After 413 the next fragment is smaller than the refused one.',
  source: '[MC-BUP] §3.1.5.2.4',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      track.entries.forEach((refused, index) => {
        if (!isPacket(refused, 'Fragment') || classifyAnswer(refused) !== 'too-large') return
        const size = fragmentLength(refused)
        if (size <= 1) return
        let next: JournalEntry | undefined
        for (const entry of track.entries.slice(index + 1)) {
          if (isPacket(entry, 'Fragment') && knownBy(refused, entry.time)) {
            next = entry
            break
          }
        }
        if (next && fragmentLength(next) < size) return
        const what = next
          ? `${label(next)} carries ${fragmentLength(next)} bytes`
          : 'the client sent no further fragment'
        report(
          `${label(refused)} (${size} bytes) was answered 413 and ${what}: after 413 the client sends smaller fragments.`,
          next ? [refused, next] : [refused],
        )
      })
    }
  },
})
