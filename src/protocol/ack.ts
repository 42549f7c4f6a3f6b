import { formatHex, type WireError } from './errors.js'
import { Header } from './headers.js'
import { ACK } from './packet-type.js'

/**
 * Which error header(s) an error Ack carries: the Win32 name `BITS-Error-Code`, the spec's
 * `BITS-Error`, or both (the default, since clients ignore unknown headers).
 * @see [MC-BUP] §2.2.1.2, W32: "Ack for Fragment"
 */
export type ErrorHeaderStyle = 'both' | 'BITS-Error-Code' | 'BITS-Error'

/** What an Ack says. */
export interface AckInit {
  /** HTTP status; 200 unless `error` is given. */
  status?: number
  /** Extra headers, e.g. `BITS-Received-Content-Range`. */
  headers?: Record<string, string>
  /** The error to report; its status wins over `status` unless `status` is given too. */
  error?: WireError
  /** How to spell the error header. Default `'both'`. */
  errorHeaders?: ErrorHeaderStyle
}

/**
 * Builds an Ack: `BITS-Packet-Type: Ack` and `Content-Length: 0` always, even without a body,
 * since a missing Content-Length makes HTTP/1.1 clients wait for one. Error headers only when the
 * status is not 200/201.
 *
 * @see [MC-BUP] §2.2.3, §2.2.1.2
 */
export function ack({
  status,
  headers = {},
  error,
  errorHeaders = 'both',
}: AckInit = {}): Response {
  const finalStatus = status ?? error?.status ?? 200
  const out = new Headers({ [Header.PacketType]: ACK, [Header.ContentLength]: '0' })
  for (const [name, value] of Object.entries(headers)) out.set(name, value)
  if (error && finalStatus !== 200 && finalStatus !== 201) {
    const code = formatHex(error.hresult)
    if (errorHeaders !== 'BITS-Error') out.set(Header.ErrorCode, code)
    if (errorHeaders !== 'BITS-Error-Code') out.set(Header.Error, code)
    out.set(Header.ErrorContext, formatHex(error.context))
  }
  return new Response(null, { status: finalStatus, headers: out })
}
