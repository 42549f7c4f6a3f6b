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
 * An Ack as data: what the server answers to a packet, before any host renders it.
 * `BITS-Packet-Type: Ack` and `Content-Length: 0` are implied; the error headers come from `error`.
 *
 * @example
 *   const ack: Ack = { status: 416, error: WireErrors.OutOfSync, headers: { 'BITS-Received-Content-Range': '100' } }
 * @see [MC-BUP] §2.2.3, §2.2.1.2
 */
export interface Ack {
  /** HTTP status. */
  readonly status: number
  /** The error reported in `BITS-Error-Code`/`BITS-Error` and `BITS-Error-Context`; rendered unless the status is 200 or 201. */
  readonly error?: WireError
  /** Other headers, e.g. `BITS-Session-Id`, `BITS-Received-Content-Range`. */
  readonly headers?: Readonly<Record<string, string>>
}

/** What {@link ack} takes: an Ack whose status may come from its error. */
export interface AckInit {
  /** HTTP status; the error's status, or 200 without one. */
  status?: number
  /** Extra headers, e.g. `BITS-Received-Content-Range`. */
  headers?: Record<string, string>
  /** The error to report, usually an entry of `WireErrors`. */
  error?: WireError
}

/**
 * An Ack as data, its status defaulting to the error's (or 200).
 * @example
 *   ack({ error: WireErrors.SessionNotFound }) // { status: 500, error: …, headers: undefined }
 */
export function ack({ status, headers, error }: AckInit = {}): Ack {
  return { status: status ?? error?.status ?? 200, error, headers }
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

/**
 * Renders an Ack into a Fetch `Response`: `BITS-Packet-Type: Ack` and `Content-Length: 0` always,
 * even without a body, since a missing Content-Length makes HTTP/1.1 clients wait for one; error
 * headers in the given style, which win over same-named extra headers.
 *
 * @example
 *   renderAck(ack({ error: WireErrors.SessionNotFound }), 'both').headers.get('BITS-Error-Code') // '0x8020001F'
 * @see [MC-BUP] §2.2.3, §2.2.1.2
 */
export function renderAck(ack: Ack, errorHeaders: ErrorHeaderStyle = 'both'): Response {
  // Lower-case keys, so an extra header replaces a fixed one instead of joining it ("Ack, x").
  const headers: Record<string, string> = { [PACKET_TYPE]: ACK, [CONTENT_LENGTH]: '0' }
  if (ack.headers) {
    for (const [name, value] of Object.entries(ack.headers)) headers[name.toLowerCase()] = value
  }
  if (ack.error && showsError(ack)) {
    const code = formatHex(ack.error.hresult)
    if (errorHeaders !== 'BITS-Error') headers[ERROR_CODE] = code
    if (errorHeaders !== 'BITS-Error-Code') headers[ERROR] = code
    headers[ERROR_CONTEXT] = formatHex(ack.error.context)
  }
  return new Response(null, { status: ack.status, headers })
}
