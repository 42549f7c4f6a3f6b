import { formatHex, type WireError } from './errors.js'
import { Header } from './headers.js'
import { ACK } from './packet-type.js'

/**
 * Which error header(s) an error Ack carries: the Win32 name `BITS-Error-Code`, the spec's
 * `BITS-Error`, or both (the default, since clients ignore unknown headers).
 * @see [MC-BUP] §2.2.1.2, W32: "Ack for Fragment"
 */
export type ErrorHeaderStyle = 'both' | 'BITS-Error-Code' | 'BITS-Error'

/**
 * An Ack as data: what the server answers to a packet, before any host renders it. Numbers and
 * ids stay numbers and ids; header strings exist only in {@link renderAck}.
 * `BITS-Packet-Type: Ack` and `Content-Length: 0` are implied; the error headers come from `error`.
 *
 * @example
 *   import { type Ack, WireErrors } from 'msw-bits'
 *
 *   const ack: Ack = { status: 416, error: WireErrors.OutOfSync, sessionId: '{…}', receivedOffset: 100 }
 * @see [MC-BUP] §2.2.3, §2.2.1.2
 */
export interface Ack {
  /** HTTP status. */
  readonly status: number
  /** The error reported in `BITS-Error-Code`/`BITS-Error` and `BITS-Error-Context`; rendered unless the status is 200 or 201. */
  readonly error?: WireError
  /** `BITS-Session-Id`: the session the Ack answers for, or the one a Create-Session issued. */
  readonly sessionId?: string
  /** `BITS-Received-Content-Range`: the next byte offset the server expects, in bytes. @see [MC-BUP] §2.2.7.2 */
  readonly receivedOffset?: number
  /** `BITS-Reply-URL`, on the last Fragment's Ack when the server has a reply. @see [MC-BUP] §2.2.7.3 */
  readonly replyUrl?: string
  /** Other headers, e.g. `BITS-Protocol`, `BITS-Host-Id`, a fault rule's own; rendered as given. */
  readonly headers?: Readonly<Record<string, string>>
}

/** What {@link ack} takes: an Ack whose status may come from its error. */
export interface AckInit {
  /** HTTP status; the error's status, or 200 without one. */
  status?: number
  /** The error to report, usually an entry of `WireErrors`. */
  error?: WireError
  /** `BITS-Session-Id`. */
  sessionId?: string
  /** `BITS-Received-Content-Range`, in bytes. */
  receivedOffset?: number
  /** `BITS-Reply-URL`. */
  replyUrl?: string
  /** Extra headers. */
  headers?: Record<string, string>
}

/**
 * An Ack as data, its status defaulting to the error's (or 200); absent fields are left out.
 * @example
 *   ack({ error: WireErrors.SessionNotFound }) // { status: 500, error: … }
 */
export function ack(init: AckInit = {}): Ack {
  const result: { -readonly [K in keyof Ack]: Ack[K] } = {
    status: init.status ?? init.error?.status ?? 200,
  }
  if (init.error !== undefined) result.error = init.error
  if (init.sessionId !== undefined) result.sessionId = init.sessionId
  if (init.receivedOffset !== undefined) result.receivedOffset = init.receivedOffset
  if (init.replyUrl !== undefined) result.replyUrl = init.replyUrl
  if (init.headers !== undefined) result.headers = init.headers
  return result
}

/**
 * An Ack from headers someone wrote by hand (a fault rule's `respond.headers`): the headers an
 * Ack has fields for become those fields, so the journal reads them as numbers and ids; the rest
 * stay extra headers. A `BITS-Received-Content-Range` that is not a byte offset stays as written.
 * @example
 *   ackWithHeaders({ status: 416 }, { 'BITS-Received-Content-Range': '100' }).receivedOffset // 100
 */
export function ackWithHeaders(init: AckInit, headers: Readonly<Record<string, string>>): Ack {
  const fields: AckInit = { ...init }
  const rest: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase()
    if (key === SESSION_ID) fields.sessionId = value
    else if (key === REPLY_URL) fields.replyUrl = value
    else if (key === RECEIVED && /^\d+$/.test(value.trim())) fields.receivedOffset = Number(value)
    else rest[name] = value
  }
  if (Object.keys(rest).length > 0) fields.headers = { ...init.headers, ...rest }
  return ack(fields)
}

/** Whether the Ack's error is sent: error headers go only on statuses other than 200/201. @see [MC-BUP] §2.2.1.2 */
export function showsError(ack: Ack): boolean {
  return ack.error !== undefined && ack.status !== 200 && ack.status !== 201
}

const PACKET_TYPE = Header.PacketType.toLowerCase()
const CONTENT_LENGTH = Header.ContentLength.toLowerCase()
const ERROR_CODE = Header.ErrorCode.toLowerCase()
const ERROR = Header.Error.toLowerCase()
const ERROR_CONTEXT = Header.ErrorContext.toLowerCase()
const SESSION_ID = Header.SessionId.toLowerCase()
const RECEIVED = Header.ReceivedContentRange.toLowerCase()
const REPLY_URL = Header.ReplyUrl.toLowerCase()

/**
 * An Ack's headers, names in lower case: `BITS-Packet-Type: Ack` and `Content-Length: 0` always,
 * even without a body, since a missing Content-Length makes HTTP/1.1 clients wait for one; the
 * Ack's fields, then its extra headers (which win over a same-named field); error headers in the
 * given style, which win over same-named extra headers. What a host that writes its own bytes
 * sends, with no Fetch `Response` in between.
 *
 * @example
 *   ackHeaders(ack({ error: WireErrors.SessionNotFound }), 'both')['bits-error-code'] // '0x8020001F'
 * @see [MC-BUP] §2.2.3, §2.2.1.2
 */
export function ackHeaders(
  ack: Ack,
  errorHeaders: ErrorHeaderStyle = 'both',
): Record<string, string> {
  // Lower-case keys, so an extra header replaces a fixed one instead of joining it ("Ack, x").
  const headers: Record<string, string> = { [PACKET_TYPE]: ACK, [CONTENT_LENGTH]: '0' }
  if (ack.sessionId !== undefined) headers[SESSION_ID] = ack.sessionId
  if (ack.receivedOffset !== undefined) headers[RECEIVED] = String(ack.receivedOffset)
  if (ack.replyUrl !== undefined) headers[REPLY_URL] = ack.replyUrl
  if (ack.headers) {
    for (const [name, value] of Object.entries(ack.headers)) headers[name.toLowerCase()] = value
  }
  if (ack.error && showsError(ack)) {
    const code = formatHex(ack.error.hresult)
    if (errorHeaders !== 'BITS-Error') headers[ERROR_CODE] = code
    if (errorHeaders !== 'BITS-Error-Code') headers[ERROR] = code
    headers[ERROR_CONTEXT] = formatHex(ack.error.context)
  }
  return headers
}

/**
 * Renders an Ack into a Fetch `Response` with {@link ackHeaders} and no body.
 *
 * @example
 *   renderAck(ack({ error: WireErrors.SessionNotFound }), 'both').headers.get('BITS-Error-Code') // '0x8020001F'
 * @see [MC-BUP] §2.2.3, §2.2.1.2
 */
export function renderAck(ack: Ack, errorHeaders: ErrorHeaderStyle = 'both'): Response {
  return new Response(null, { status: ack.status, headers: ackHeaders(ack, errorHeaders) })
}
