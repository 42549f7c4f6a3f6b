import type { JournalEntry } from '../journal/index.js'
import { defineRule } from './client-rule.js'
import { isDuplicate } from './requests.js'
import { label } from './wording.js'

/**
 * One outstanding request per session: the client waits for the Ack before sending the next
 * packet (or reply GET). Judged by the clock: a request arriving before an earlier one was
 * answered overlaps it. Requests that got no answer (network error, hang) are never outstanding,
 * and an identical resend of a request still being answered (a client timeout) is allowed. Needs a
 * clock finer than the client's pace: with a millisecond clock two overlapping requests in the
 * same millisecond are not seen.
 * @see [MC-BUP] §3.1.5.1 (each state sends one message and waits for its Ack)
 */
export const oneRequestPerSession = defineRule({
  id: 'one-request-per-session',
  summary: 'At most one request per session is outstanding: the client waits for each Ack.',
  source: '[MC-BUP] §3.1.5.1',
  find(analysis, report) {
    for (const track of analysis.sessions) {
      const requests = track.create ? [track.create, ...track.entries] : track.entries
      let open: { request: JournalEntry; answeredAt: number }[] = []
      const overlaps: [JournalEntry, JournalEntry][] = []
      for (const request of requests) {
        open = open.filter((earlier) => earlier.answeredAt > request.time)
        const busy = open.find((earlier) => !isDuplicate(earlier.request, request))
        if (busy) overlaps.push([busy.request, request])
        const { answeredAt } = request
        if (request.status !== null && answeredAt !== null) open.push({ request, answeredAt })
      }
      const first = overlaps[0]
      if (!first) continue
      const more = overlaps.length > 1 ? ` (${overlaps.length} overlaps in all)` : ''
      report(
        `${label(first[1])} arrived while ${label(first[0])} was still unanswered${more}: a client sends one request at a time per session.`,
        overlaps.flat(),
      )
    }
  },
})
