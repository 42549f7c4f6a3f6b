import type { ByteRange, PacketType } from '../protocol/index.js'

/**
 * What a request was, for the server.
 * @example
 *   import type { RequestKind } from 'msw-bits'
 *
 *   const kind: RequestKind = 'reply'
 *   expect(bits.journal.count({ kind })).toBe(1) // the client downloaded its reply once
 */
export type RequestKind =
  /** A `BITS_POST` packet (or OneDrive's `POST` + `X-Http-Method-Override: BITS_POST`). */
  | 'packet'
  /** A GET or HEAD of a `BITS-Reply-URL`. */
  | 'reply'
  /** Anything else under `baseUrl`: answered 404/405/501, never processed. */
  | 'other'

/**
 * Which fault rule acted on a packet, and how. Filled in by the fault engine.
 * @example
 *   import type { FaultRecord } from 'msw-bits'
 *
 *   const faults: FaultRecord[] = bits.journal.filter({ fault: true }).map((entry) => entry.fault!)
 *   // [{ rule: '503 burst', index: 0, timing: 'before', action: 'respond 503' }, …]
 */
export interface FaultRecord {
  /** The rule's `name`, or `rule #<n>` (1-based position in the plan) when it has none. */
  rule: string
  /** 0-based position of the rule in the active plan. */
  index: number
  /** `before` (the packet never reached the server) or `after` (its Ack was replaced). */
  timing: 'before' | 'after'
  /** What it did, e.g. `respond 503`, `expire-session`, `network-error`, `delay 200ms`. */
  action: string
  /** With timing `after`: the status the server answered before the rule replaced it. */
  serverStatus?: number
}

/**
 * Why a request got no answer: a transport fault (`network-error`, `reset`, `truncate`,
 * `garbage`, `limit_data`: at most its bytes of the answer went out), a `hang`, or `aborted` (the client went away before the server answered: mid-body,
 * or during a fault's delay).
 */
export type UnansweredReason =
  | 'network-error'
  | 'reset'
  | 'truncate'
  | 'garbage'
  | 'limit_data'
  | 'hang'
  | 'aborted'

/**
 * One request the server saw and what it answered. Flat and JSON-serialisable.
 * @see [MC-BUP] §2.2 for the packets and their Acks
 * @example
 *   import type { JournalEntry } from 'msw-bits'
 *
 *   const close: JournalEntry | undefined = bits.journal.last({ packet: 'Close-Session' })
 *   expect(close).toMatchObject({ status: 200, errorCode: null, fault: null })
 *   console.log(JSON.stringify(bits.journal.entries)) // flat, JSON-serialisable
 */
export interface JournalEntry {
  /** 1-based arrival order. */
  seq: number
  /** Clock time (ms since epoch) of arrival. */
  time: number
  /** Clock time (ms since epoch) of the answer; `null` while none was sent. */
  answeredAt: number | null
  method: string
  url: string
  kind: RequestKind
  /** Canonical packet type, or `null` when the request named none (or a wrong one). */
  packet: PacketType | null
  /** The session: the request's `BITS-Session-Id`, or the id a Create-Session Ack issued. */
  sessionId: string | null
  /** A Fragment's `Content-Range`, in bytes. */
  range: ByteRange | null
  /** Size of the request body, in bytes. */
  bodyLength: number
  /** HTTP status answered; `null` when no answer was sent (see `unanswered`). */
  status: number | null
  /**
   * Why no answer was sent; `null` when one was, or while the request is still open. Optional
   * only so journals built by hand (for the oracle) need not spell it; the server always sets it.
   */
  unanswered?: UnansweredReason | null
  /**
   * Clock time (ms since epoch) the client went away (its `request.signal` aborted) before an
   * answer: a hang or a delay it gave up on, a body it cut short. `null` otherwise; optional as
   * `unanswered` is.
   */
  abortedAt?: number | null
  /** `BITS-Error-Code` of the Ack as an unsigned HRESULT, or `null`. */
  errorCode: number | null
  /** `BITS-Error-Context` of the Ack (5 = REMOTE_FILE, 7 = REMOTE_APPLICATION), or `null`. */
  errorContext: number | null
  /** `BITS-Received-Content-Range` of the Ack: the next offset the server expects, in bytes. */
  receivedRange: number | null
  /** `BITS-Reply-URL` of the Ack. */
  replyUrl: string | null
  /** The fault rule that acted, or `null`. */
  fault: FaultRecord | null
  /**
   * The scheme of the request's `Authorization` header (`Basic`), or `null` when it sent none.
   * The credentials themselves are never recorded. @see RFC 9110 §11.6.2
   */
  authScheme: string | null
}
