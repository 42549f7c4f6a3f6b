import { type Ack, showsError } from '../protocol/index.js'
import type { JournalEntry, UnansweredReason } from './journal-entry.js'

/**
 * A journal entry for a request that just arrived: nothing answered yet, so a request that never
 * gets an answer (a hang) shows in the journal as it is.
 */
export function openEntry(time: number, method: string, url: string): JournalEntry {
  return {
    seq: 0, // numbered by the journal, which goes on counting past dropped entries
    time,
    answeredAt: null,
    method,
    url,
    kind: 'other',
    packet: null,
    sessionId: null,
    range: null,
    bodyLength: 0,
    status: null,
    unanswered: null,
    abortedAt: null,
    errorCode: null,
    errorContext: null,
    receivedRange: null,
    replyUrl: null,
    fault: null,
    authScheme: null,
  }
}

/**
 * An answer as the journal records it, or why none was sent; `clientGone` when the client gave up
 * on a request already recorded as unanswered (a hang).
 */
export type EntryAnswer =
  | { ack: Ack }
  | { status: number }
  | { unanswered: UnansweredReason }
  | { clientGone: true }

/**
 * Completes an entry once, from the answer as data: an Ack's fields, or a bare status for what is
 * not an Ack (reply downloads, 404/405), or why none was sent. A transport fault's time is kept in
 * `answeredAt`: the moment the client saw its fetch fail.
 */
export function completeEntry(entry: JournalEntry, time: number, answer: EntryAnswer): void {
  if ('clientGone' in answer) {
    entry.abortedAt ??= time
    return
  }
  if ('unanswered' in answer) {
    entry.unanswered = answer.unanswered
    if (answer.unanswered === 'aborted') entry.abortedAt = time
    // Transport faults end the exchange now; a hang or an abort answered nothing.
    else if (answer.unanswered !== 'hang') entry.answeredAt = time
    return
  }
  entry.answeredAt = time
  if ('status' in answer) {
    entry.status = answer.status
    return
  }
  const { ack } = answer
  entry.status = ack.status
  entry.sessionId ??= ack.sessionId ?? null
  entry.receivedRange = ack.receivedOffset ?? null
  entry.replyUrl = ack.replyUrl ?? null
  if (ack.error && showsError(ack)) {
    entry.errorCode = ack.error.hresult >>> 0
    entry.errorContext = ack.error.context >>> 0
  }
}

/**
 * The one wording for a request without an answer, in the timeline, the oracle and the matchers:
 * `no answer (reset)`, `no answer (hang; client gave up)`, `no answer (client went away)`,
 * `no answer yet` (still open).
 */
export function unansweredText(entry: JournalEntry): string {
  switch (entry.unanswered) {
    case null:
      return 'no answer yet'
    case undefined: // a journal built by hand says no more
      return 'no answer'
    case 'aborted':
      return 'no answer (client went away)'
    case 'hang':
      return entry.abortedAt == null ? 'no answer (hang)' : 'no answer (hang; client gave up)'
    default:
      return `no answer (${entry.unanswered})`
  }
}
