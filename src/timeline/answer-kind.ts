import type { JournalEntry } from '../journal/index.js'
import { BitsErrorContext } from '../protocol/index.js'

/**
 * How the timeline colours an answer. `application` (context 0x7) wins over the status class: the
 * client treats the server application's errors by their own rules ([MC-BUP] W32 "Handling Server
 * Application Errors").
 * @example
 *   import { type AnswerKind, answerKind } from 'msw-bits/timeline'
 *
 *   const kinds: AnswerKind[] = bits.journal.entries.map(answerKind)
 *   expect(kinds.filter((kind) => kind === 'server-error')).toHaveLength(3) // the 503 burst
 */
export type AnswerKind =
  /** 2xx */
  | 'ok'
  /** 416: the client resyncs at `BITS-Received-Content-Range` */
  | 'resync'
  /** other 1xx, 3xx and 4xx */
  | 'client-error'
  /** 5xx */
  | 'server-error'
  /** `BITS-Error-Context` 0x7 (REMOTE_APPLICATION), any status */
  | 'application'
  /** no response: a network error or transport fault, or the client went away (`aborted`) */
  | 'network-error'
  /** a `hang` fault: never answered */
  | 'hang'
  /** not answered yet (in flight) */
  | 'pending'

/**
 * Every kind, in the legend's order, with the words the legend shows.
 * @example
 *   import { ANSWER_KINDS } from 'msw-bits/timeline'
 *
 *   ANSWER_KINDS.map(({ kind, label }) => `${kind}: ${label}`) // ['ok: 2xx', 'resync: 416 resync', …]
 */
export const ANSWER_KINDS: readonly { kind: AnswerKind; label: string }[] = [
  { kind: 'ok', label: '2xx' },
  { kind: 'resync', label: '416 resync' },
  { kind: 'client-error', label: '4xx' },
  { kind: 'server-error', label: '5xx' },
  { kind: 'application', label: 'context 0x7' },
  { kind: 'network-error', label: 'network error' },
  { kind: 'hang', label: 'hang' },
  { kind: 'pending', label: 'in flight' },
]

/**
 * The {@link AnswerKind} of one journal entry: what colour its bar or pill gets.
 * @example
 *   import { answerKind } from 'msw-bits/timeline'
 *
 *   answerKind(bits.journal.last({ packet: 'Fragment' })!) // 'resync' after a 416
 * @see [MC-BUP] §2.2.7 (the Fragment Ack), §3.2.5.2.6 (416 resync, context 0x7)
 */
export function answerKind(entry: JournalEntry): AnswerKind {
  if (entry.status === null) {
    if (entry.unanswered === 'hang' || entry.fault?.action.split(', ').includes('hang'))
      return 'hang'
    // A client that went away (`aborted`) saw no response, as with a network error.
    const closed = entry.answeredAt !== null || entry.unanswered != null || entry.abortedAt != null
    return closed ? 'network-error' : 'pending'
  }
  if (entry.errorContext === BitsErrorContext.REMOTE_APPLICATION) return 'application'
  if (entry.status >= 200 && entry.status < 300) return 'ok'
  if (entry.status === 416) return 'resync'
  if (entry.status >= 500) return 'server-error'
  return 'client-error'
}
