import type { JournalEntry } from '../journal/index.js'
import { BitsError, BitsErrorContext, HResult } from '../protocol/index.js'
import { isPacket } from './requests.js'

/**
 * What an answer means to a client.
 * @see [MC-BUP] §3.1.5.2.1; W32: "Handling Server Application Errors"
 */
export type AnswerClass =
  /** 2xx. */
  | 'success'
  /** 416 to a Fragment: resume at `BITS-Received-Content-Range` (§3.1.5.2.4). */
  | 'resync'
  /** 413 to a Fragment: send smaller fragments (§3.1.5.2.4). */
  | 'too-large'
  /** BG_E_SESSION_NOT_FOUND: start over with Create-Session (§3.1.5.2.1). */
  | 'session-lost'
  /** 401 or 407: resend with credentials (§3.1.5.2.1). */
  | 'auth'
  /** Worth resending: 5xx, or what W32 calls transient for server-application errors. */
  | 'transient'
  /** Final: the client reports it and does not resend. */
  | 'fatal'
  /** No response at all (network error, hang): the client may resend. */
  | 'unanswered'

/**
 * Classifies an answer as the Windows client does. Context 0x7 (the server application) follows
 * W32 "Handling Server Application Errors": 3xx transient but 300–305 and 307; 4xx fatal but 408
 * and 409; 5xx transient but 501 and 505. Otherwise 1xx–4xx are final, 5xx transient, except
 * 501 E_ACCESSDENIED (uploads disabled) and 500 BG_E_TOO_LARGE (over BITSMaximumUploadSize),
 * which the client reports.
 * @see [MC-BUP] §3.1.5.2.1; W32: "Handling Server Application Errors", "Ack for Close-Session"
 */
export function classifyAnswer(entry: JournalEntry): AnswerClass {
  const { status } = entry
  if (status === null) return 'unanswered'
  if (entry.errorCode === BitsError.SESSION_NOT_FOUND) return 'session-lost'
  if (status >= 200 && status < 300) return 'success'
  if (entry.packet === 'Fragment' && status === 416) return 'resync'
  if (entry.packet === 'Fragment' && status === 413) return 'too-large'
  if (status === 401 || status === 407) return 'auth'
  if (entry.errorContext === BitsErrorContext.REMOTE_APPLICATION) {
    if (status >= 300 && status < 400)
      return status <= 305 || status === 307 ? 'fatal' : 'transient'
    if (status >= 400 && status < 500)
      return status === 408 || status === 409 ? 'transient' : 'fatal'
    if (status >= 500 && status < 600)
      return status === 501 || status === 505 ? 'fatal' : 'transient'
    return 'transient'
  }
  if (status === 501 && entry.errorCode === HResult.E_ACCESSDENIED) return 'fatal'
  // The upload exceeds BITSMaximumUploadSize: resending the same bytes cannot succeed.
  if (entry.errorCode === BitsError.TOO_LARGE) return 'fatal'
  return status < 500 ? 'fatal' : 'transient'
}

/** Whether an answer class invites a resend that counts as a retry. */
export function isTransient(answer: AnswerClass): boolean {
  return answer === 'transient' || answer === 'unanswered'
}

/**
 * The offset an Ack tells the client to send next: `BITS-Received-Content-Range` of a 200 or 416,
 * or, for a 2xx Fragment Ack without it (a server that breaks §2.2.7.2's MUST), the byte after
 * the fragment, which is what a lenient client assumes; `null` for any other answer.
 * @see [MC-BUP] §2.2.7.2, §3.1.5.2.4 ("If the HTTP status code is 200 or 416, the client MUST
 *   … update the fragment offset")
 */
export function ackedOffset(entry: JournalEntry): number | null {
  const answer = classifyAnswer(entry)
  if (answer !== 'success' && answer !== 'resync') return null
  if (entry.receivedRange !== null) return entry.receivedRange
  return answer === 'success' && isPacket(entry, 'Fragment') && entry.range
    ? entry.range.last + 1
    : null
}
