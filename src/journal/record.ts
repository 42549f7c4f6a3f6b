import { type Ack, type ByteRange, showsError } from '../protocol/index.js'
import type { FaultRecord, JournalEntry, UnansweredReason } from './journal-entry.js'

/** What the journal learns of a request on arrival, from its method, URL and headers. */
export type EntryArrival = Pick<
  JournalEntry,
  'time' | 'method' | 'url' | 'kind' | 'packet' | 'sessionId' | 'range' | 'authScheme'
>

/**
 * A journal entry for a request that just arrived, described from its head: nothing answered
 * yet, so a request that never gets an answer (a hang) shows in the journal as it is.
 */
export function openEntry(arrival: EntryArrival): JournalEntry {
  return {
    seq: 0, // numbered by the journal, which goes on counting past dropped entries
    answeredAt: null,
    bodyLength: 0,
    status: null,
    unanswered: null,
    abortedAt: null,
    errorCode: null,
    errorContext: null,
    receivedRange: null,
    replyUrl: null,
    fault: null,
    ...arrival,
  }
}

/** An answer as the journal records it, or why none was sent. */
export type EntryAnswer = { ack: Ack } | { status: number } | { unanswered: UnansweredReason }

/** Everything the journal learns of a request once the server is done with it. */
export interface EntryCompletion {
  /** Clock time (ms since epoch) the server was done. */
  time: number
  answer: EntryAnswer
  /** The fault rule that acted, `serverStatus` included, or `null`. */
  fault: FaultRecord | null
  /** Bytes of the body read, or the length its head declared when it was left unread. */
  bodyLength: number
  /** The range as checked, when reading the body changed what the head said. */
  range: ByteRange | null
}

/**
 * Completes an entry once, from data: an Ack's fields, or a bare status for what is not an Ack
 * (reply downloads, 404/405), or why none was sent. A transport fault's time is kept in
 * `answeredAt`: the moment the client saw its fetch fail.
 */
export function completeEntry(entry: JournalEntry, done: EntryCompletion): void {
  const { time, answer } = done
  entry.fault = done.fault
  entry.bodyLength = done.bodyLength
  entry.range = done.range
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

/** The client gave up on a hang, completed before as unanswered: the one later write. */
export function abandonEntry(entry: JournalEntry, time: number): void {
  entry.abortedAt ??= time
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
