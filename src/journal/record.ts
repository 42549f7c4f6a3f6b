import { type Ack, Header, showsError } from '../protocol/index.js'
import type { JournalEntry } from './journal-entry.js'

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
    errorCode: null,
    errorContext: null,
    receivedRange: null,
    replyUrl: null,
    fault: null,
  }
}

/** An answer as the journal records it; `null` when the connection failed without one. */
export type EntryAnswer = { ack: Ack } | { status: number } | null

/**
 * Completes an entry once, from the answer as data: an Ack's fields, or a bare status for what is
 * not an Ack (reply downloads, 404/405), or `null` when the connection failed without an answer.
 */
export function completeEntry(entry: JournalEntry, time: number, answer: EntryAnswer): void {
  entry.answeredAt = time
  if (answer === null) return
  if ('status' in answer) {
    entry.status = answer.status
    return
  }
  const { ack } = answer
  entry.status = ack.status
  const headers = ack.headers
  if (headers) {
    entry.sessionId ??= headers[Header.SessionId] ?? null
    const received = headers[Header.ReceivedContentRange]
    if (received !== undefined) entry.receivedRange = Number(received)
    entry.replyUrl = headers[Header.ReplyUrl] ?? null
  }
  if (ack.error && showsError(ack)) {
    entry.errorCode = ack.error.hresult >>> 0
    entry.errorContext = ack.error.context >>> 0
  }
}
