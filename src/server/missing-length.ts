import { type Ack, ack, isBodiless, WireErrors } from '../protocol/index.js'
import type { Head } from './envelope.js'
import type { Framing } from './wire-request.js'

/**
 * Status for a packet without `Content-Length`: 400 as Windows answers, or 411.
 * @see [MC-BUP] §3.2.5.2.3
 * @example
 *   import type { MissingLengthStatus } from 'msw-bits'
 *   import { startBitsServer } from 'msw-bits/node'
 *
 *   const missingContentLengthStatus: MissingLengthStatus = 411 // RFC 9110's Length Required
 *   const srv = await startBitsServer({ missingContentLengthStatus })
 */
export type MissingLengthStatus = 400 | 411

/**
 * When a missing `Content-Length` is refused, and with which status.
 * @see [MC-BUP] §3.2.5.2.3
 * @example
 *   import type { MissingLengthPolicy } from 'msw-bits'
 *
 *   // As Windows: every packet without Content-Length gets 400.
 *   const windows: MissingLengthPolicy = { status: 400, strict: true }
 */
export interface MissingLengthPolicy {
  status: MissingLengthStatus
  /**
   * `false` (default): only a Fragment, whose body is the point; the bodiless packets are taken
   * with the empty body RFC 9112 §6.3 gives them, since `fetch` and undici never send
   * `Content-Length: 0` on a method other than POST or PUT. `true`: every packet, as Windows.
   */
  strict: boolean
}

/**
 * The Ack for a packet that came without `Content-Length` (and without `Transfer-Encoding`), or
 * `null` when it is taken. Only a host that sees the wire can tell a missing header from one
 * Fetch hid, so the fact comes from the host; the answer is decided here, as IIS refuses before
 * the BITS extension runs (no fault rule is consulted, the body is left unread).
 * @example
 *   missingLengthAck(head, 'none', { status: 411, strict: false }) // { status: 411, error: E_INVALIDARG } for a Fragment
 * @see [MC-BUP] §3.2.5.2.3 (validation order: missing Content-Length → 411/400)
 */
export function missingLengthAck(
  head: Head,
  framing: Framing | undefined,
  policy: MissingLengthPolicy | undefined,
): Ack | null {
  if (framing !== 'none' || policy === undefined || head.kind !== 'packet') return null
  const refused = policy.strict || (head.type !== null && !isBodiless(head.type))
  return refused ? ack({ status: policy.status, error: WireErrors.InvalidArgument }) : null
}
